package io.fgm.agent.sample;

import java.util.concurrent.atomic.AtomicLong;

/** The agent's own counters, exported on /metrics and in logs. Thread-safe. */
public final class AgentStats {
  public final AtomicLong ticks = new AtomicLong();
  /** Wall-clock ms at which the last pass finished (0 before the first). */
  public final AtomicLong lastPassEndMs = new AtomicLong();
  public final AtomicLong spillQueueSamples = new AtomicLong();
  public final AtomicLong heldFiles = new AtomicLong();
  public final AtomicLong ticksMissed = new AtomicLong();
  public final AtomicLong lastTickLagMs = new AtomicLong();
  public final AtomicLong lastPassMicros = new AtomicLong();
  public final AtomicLong containers = new AtomicLong();
  public final AtomicLong samplesProduced = new AtomicLong();
  public final AtomicLong samplesSent = new AtomicLong();
  public final AtomicLong samplesSpilled = new AtomicLong();
  public final AtomicLong samplesReplayed = new AtomicLong();
  public final AtomicLong samplesDropped = new AtomicLong();
  public final AtomicLong sendErrors = new AtomicLong();
  public final AtomicLong parseErrors = new AtomicLong();
  public final AtomicLong passErrors = new AtomicLong();
  /** Full discoveries (every directory listed): the first pass, the slow period, {@code agent sample}. */
  public final AtomicLong discoveriesFull = new AtomicLong();
  /** Full discoveries run mid-pass because a container's held files vanished. */
  public final AtomicLong discoveriesOnVanish = new AtomicLong();
  /** Scans of PROC/PID/cgroup on PSS passes (cgroup.procs could not name a container's processes). */
  public final AtomicLong procScans = new AtomicLong();
}
