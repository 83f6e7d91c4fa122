package io.fgm.agent.sample;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin shell around {@link TickSchedule}: one daemon thread that sleeps until the next aligned tick, runs
 * the tick handler with the tick's time, and catches everything at this one boundary so that a bad pass never
 * stops the loop.
 */
public final class SamplingLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SamplingLoop.class);

  private final Clock clock;
  private final long periodMs;
  private final LongConsumer onTick;
  private final AgentStats stats;
  private final RateLimitedLog errors = new RateLimitedLog(LOG, 60_000);
  private volatile boolean running;
  private Thread thread;

  /** @param onTick called with each aligned tick time (epoch ms) on the loop thread */
  public SamplingLoop(Clock clock, long periodMs, LongConsumer onTick, AgentStats stats) {
    this.clock = clock;
    this.periodMs = periodMs;
    this.onTick = onTick;
    this.stats = stats;
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "fgm-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    TickSchedule schedule = new TickSchedule(periodMs, clock.millis());
    while (running) {
      long delay = schedule.delayMs(clock.millis());
      if (delay > 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
        if (Thread.interrupted() && !running) {
          return;
        }
        continue;
      }
      TickSchedule.Tick tick = schedule.onWake(clock.millis());
      if (tick == null) {
        continue;
      }
      if (tick.missed() > 0) {
        stats.ticksMissed.addAndGet(tick.missed());
        errors.warn("missed", "missed {} tick(s) before {}: the previous pass overran; not back-filled",
            tick.missed(), tick.tickMs());
      }
      stats.ticks.incrementAndGet();
      stats.lastTickLagMs.set(tick.lagMs());
      long t0 = System.nanoTime();
      try {
        onTick.accept(tick.tickMs());
      } catch (RuntimeException | Error e) {
        stats.passErrors.incrementAndGet();
        errors.warn("pass", "sampling pass at {} failed; the loop goes on: {}", tick.tickMs(), e.toString(), e);
      }
      stats.lastPassMicros.set((System.nanoTime() - t0) / 1000);
      stats.lastPassEndMs.set(clock.millis());
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
