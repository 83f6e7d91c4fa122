package io.fgm.studies.periodicity;

/**
 * The ACF of one window of a series.
 *
 * @param start index of the window's first value
 * @param end index after its last value
 * @param acf ACF at lags 0..maxLag ({@link Acf})
 */
public record AcfWindow(int start, int end, double[] acf) {}
