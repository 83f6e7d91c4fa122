package io.fgm.studies.periodicity;

/**
 * A stretch of the series where the dominant period holds: consecutive windows whose own period
 * is within ±1 sample of it.
 *
 * @param start index of the first value (inclusive)
 * @param end index after the last value (exclusive)
 * @param startTimeMs timestamp of the first value, or null without timestamps
 * @param endTimeMs timestamp of the last value, or null without timestamps
 * @param windows number of windows in the stretch
 * @param meanScore mean ACF peak of those windows
 */
public record PatternRange(
        int start, int end, Long startTimeMs, Long endTimeMs, int windows, double meanScore) {}
