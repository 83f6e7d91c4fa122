package io.fgm.studies.summary;

import java.util.List;

/**
 * Descriptive statistics, gaps, trend and leak score of a series. Statistics are over the values
 * present; they are null when no value is present (not collected is not zero).
 *
 * @param count values present
 * @param missingValues values that are NaN
 * @param missingSamples all missing samples: NaN values plus samples absent from the timestamps
 * @param avg mean
 * @param min minimum
 * @param max maximum
 * @param stddev sample standard deviation (divided by count − 1; 0 for a single value)
 * @param p50 median (R's quantile type 7, linear interpolation)
 * @param p95 95th percentile (type 7)
 * @param p99 99th percentile (type 7)
 * @param last the last value present
 * @param lastTimeMs its timestamp, or null
 * @param gaps every stretch without data, in order
 * @param trend the trend, or null when no value is present
 * @param leak the leak score, or null when no value is present
 */
public record SeriesSummary(
        int count,
        int missingValues,
        long missingSamples,
        Double avg,
        Double min,
        Double max,
        Double stddev,
        Double p50,
        Double p95,
        Double p99,
        Double last,
        Long lastTimeMs,
        List<Gap> gaps,
        TrendResult trend,
        LeakScore leak) {

    public SeriesSummary {
        gaps = List.copyOf(gaps);
    }
}
