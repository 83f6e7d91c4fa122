package io.fgm.agent.sample;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a warning per key at most once per interval and says how many were suppressed, so a broken file on 500
 * containers is one line a minute, not 500 a second.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, long[]> state = new ConcurrentHashMap<>();
  private final AtomicLong keys = new AtomicLong();

  public RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  /** Warns {@code message} (SLF4J format) unless {@code key} warned within the interval. */
  public void warn(String key, String message, Object... args) {
    long now = System.nanoTime();
    if (state.size() > 10_000) {
      state.clear(); // keys carry container paths: keep the map bounded whatever the churn
    }
    long[] s = state.computeIfAbsent(key, k -> {
      keys.incrementAndGet();
      return new long[] {now - intervalNanos - 1, 0};
    });
    long suppressed;
    synchronized (s) {
      if (now - s[0] < intervalNanos) {
        s[1]++;
        return;
      }
      s[0] = now;
      suppressed = s[1];
      s[1] = 0;
    }
    if (suppressed > 0) {
      log.warn(message + " (" + suppressed + " similar suppressed)", args);
    } else {
      log.warn(message, args);
    }
  }
}
