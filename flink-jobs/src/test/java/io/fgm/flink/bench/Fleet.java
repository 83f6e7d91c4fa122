package io.fgm.flink.bench;

import io.fgm.schema.ContainerSample;

/** A seeded, deterministic fleet of containers for the benchmarks: one sample per container and second. */
public interface Fleet {
  int containers();

  /** The sample of container {@code c} at {@code timeMs}, advancing its counters by one second. */
  ContainerSample next(int c, long timeMs);

  /** {@code noisy} ({@link SyntheticFleet}) or {@code realistic} ({@link RealisticFleet}). */
  static Fleet of(String kind, int nodes, int containersPerNode, long seed) {
    return switch (kind) {
      case "noisy" -> new SyntheticFleet(nodes, containersPerNode, seed);
      case "realistic" -> new RealisticFleet(nodes, containersPerNode, seed);
      default -> throw new IllegalArgumentException("--fleet noisy|realistic, was " + kind);
    };
  }
}
