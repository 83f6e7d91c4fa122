package io.fgm.flink.findings;

import io.fgm.schema.Metric;

/**
 * The per-container series the window studies run on. The noise floor keeps relative changes meaningful near zero:
 * an idle container going from 1 to 5 millicores is no 400 % change worth reporting.
 */
public enum StudiedSeries {
  CPU(Metric.CPU_USAGE_MILLICORES, 20, "m"),
  WORKING_SET(Metric.MEMORY_WORKING_SET_BYTES, 16 << 20, "B"),
  PSI_CPU(Metric.PSI_CPU_SOME_AVG10, 1, "%"),
  PSI_MEMORY(Metric.PSI_MEMORY_SOME_AVG10, 1, "%"),
  PSI_IO(Metric.PSI_IO_SOME_AVG10, 1, "%");

  private static final StudiedSeries[] ALL = values();
  private final Metric metric;
  private final double noiseFloor;
  private final String unit;

  StudiedSeries(Metric metric, double noiseFloor, String unit) {
    this.metric = metric;
    this.noiseFloor = noiseFloor;
    this.unit = unit;
  }

  public Metric metric() {
    return metric;
  }

  public String key() {
    return metric.key();
  }

  /** The smallest level a relative change is measured against, in the metric's unit. */
  public double noiseFloor() {
    return noiseFloor;
  }

  public String unit() {
    return unit;
  }

  static StudiedSeries[] all() {
    return ALL;
  }
}
