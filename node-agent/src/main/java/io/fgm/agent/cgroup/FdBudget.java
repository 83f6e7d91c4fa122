package io.fgm.agent.cgroup;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on the descriptors the agent holds open: past it, files are read with open+read+close instead, so a node
 * with thousands of containers cannot exhaust the agent's descriptor limit.
 */
public final class FdBudget {
  private final int max;
  private final AtomicInteger held = new AtomicInteger();

  public FdBudget(int max) {
    this.max = max;
  }

  public boolean tryAcquire() {
    while (true) {
      int h = held.get();
      if (h >= max) {
        return false;
      }
      if (held.compareAndSet(h, h + 1)) {
        return true;
      }
    }
  }

  public void release() {
    held.decrementAndGet();
  }

  /** Descriptors held now. */
  public int held() {
    return held.get();
  }
}
