package io.fgm.studies.summary;

/** Direction of a series over its window. See {@link TrendAnalysis} for the rules. */
public enum Trend {
    RISING,
    FALLING,
    FLAT,
    OSCILLATING
}
