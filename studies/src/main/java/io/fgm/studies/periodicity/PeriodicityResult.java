package io.fgm.studies.periodicity;

import java.util.List;

/**
 * The periodicity of a series as seen through sliding windows. When no window is periodic,
 * {@code dominantPeriod} is null, score and amplitude are 0 and there are no ranges: never NaN.
 *
 * @param dominantPeriod the period, in samples, that the periodic windows agree on (±1), or null
 * @param periodMs the period in milliseconds (period × median sampling interval), or null without
 *     timestamps or without a period
 * @param score median ACF peak of the windows that agree on the period
 * @param amplitude median peak-to-trough of the mean cycle (values folded by phase) of those
 *     windows, in the units of the values
 * @param ranges the stretches where the pattern holds, in order
 * @param windows number of windows analysed (not counting skipped ones)
 * @param windowsWithPattern windows whose period is within ±1 of the dominant period
 * @param windowsSkipped windows skipped because too many values were missing
 * @param windowSize samples per window
 * @param step samples between window starts
 * @param minPeriod shortest period considered
 * @param maxPeriod longest period considered
 */
public record PeriodicityResult(
        Integer dominantPeriod,
        Long periodMs,
        double score,
        double amplitude,
        List<PatternRange> ranges,
        int windows,
        int windowsWithPattern,
        int windowsSkipped,
        int windowSize,
        int step,
        int minPeriod,
        int maxPeriod) {

    public PeriodicityResult {
        ranges = List.copyOf(ranges);
    }
}
