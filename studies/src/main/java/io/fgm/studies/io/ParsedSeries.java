package io.fgm.studies.io;

/**
 * A series read from text: values (NaN = missing) and, when the text had a time column, the
 * timestamps in epoch milliseconds (null otherwise).
 *
 * @param values the values, NaN for missing
 * @param timestampsMs the timestamps, or null
 */
public record ParsedSeries(double[] values, long[] timestampsMs) {}
