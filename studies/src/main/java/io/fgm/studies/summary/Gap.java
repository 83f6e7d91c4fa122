package io.fgm.studies.summary;

/**
 * A stretch without data, reported instead of being interpolated.
 *
 * @param kind NaN values, or a hole in the timestamps
 * @param startIndex for NaN values the first NaN; for a time hole the first value after it
 * @param endIndex for NaN values the index after the last NaN; for a time hole equal to startIndex
 * @param fromMs the time the gap starts (first NaN, or the last value before the hole), or null
 *     without timestamps
 * @param toMs the time it ends (last NaN, or the first value after the hole), or null
 * @param missingSamples how many samples are missing
 */
public record Gap(
        GapKind kind, int startIndex, int endIndex, Long fromMs, Long toMs, long missingSamples) {}
