package io.fgm.agent.publish;

import io.fgm.schema.ContainerSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps every published sample in memory, in order: for tests and for {@code agent sample}. Thread-safe. */
public final class InMemorySamplePublisher implements SamplePublisher {
  private final List<ContainerSample> samples = new ArrayList<>();
  private int publishCalls;

  @Override
  public synchronized void publish(List<ContainerSample> batch) {
    samples.addAll(batch);
    publishCalls++;
    notifyAll();
  }

  /** A copy of everything published so far. */
  public synchronized List<ContainerSample> samples() {
    return new ArrayList<>(samples);
  }

  /** How many times {@link #publish} was called (one per tick). */
  public synchronized int publishCalls() {
    return publishCalls;
  }

  /** Waits until at least {@code n} publish calls happened; returns false on timeout. */
  public synchronized boolean awaitPublishCalls(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (publishCalls < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  public synchronized void clear() {
    samples.clear();
    publishCalls = 0;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
