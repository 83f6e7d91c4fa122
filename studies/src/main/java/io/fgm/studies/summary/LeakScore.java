package io.fgm.studies.summary;

/**
 * How much a series (typically memory) looks like a leak: a sustained rise, measured since the
 * last reset (a drop of at least half the range, e.g. an OOM kill and restart).
 *
 * @param score 0 (no leak) to 1 (certain and fast): (1 − p) of a rising Mann–Kendall test times
 *     the growth, which is the rise expected over the horizon relative to the headroom left under
 *     the limit, or without a limit the rise over the analysed span relative to 20% of the level;
 *     0 when the series is not rising
 * @param slopePerSecond Theil–Sen slope since the last reset
 * @param pValue two-sided Mann–Kendall p-value since the last reset
 * @param sinceIndex first index analysed (after the last reset)
 * @param sinceTimeMs its timestamp, or null
 * @param resets number of resets seen
 * @param limit the limit given, or null
 * @param headroom limit − last value, or null without a limit
 * @param timeToLimitSeconds headroom / slope when rising, 0 when already at the limit, or null
 */
public record LeakScore(
        double score,
        double slopePerSecond,
        double pValue,
        int sinceIndex,
        Long sinceTimeMs,
        int resets,
        Double limit,
        Double headroom,
        Double timeToLimitSeconds) {}
