package io.fgm.studies.summary;

/**
 * Settings of {@link Summaries}.
 *
 * @param sampleIntervalMs the expected time between samples, used to find holes in the timestamps
 *     and, without timestamps, to turn indices into seconds; 0 means the median interval of the
 *     timestamps (1,000 ms without timestamps)
 * @param alpha significance level of the trend tests (default 0.05)
 * @param limit the limit the series must stay under (memory limit), or null
 * @param leakHorizonSeconds the horizon over which the expected rise is compared with the headroom
 *     (default one day)
 */
public record SummaryOptions(
        long sampleIntervalMs, double alpha, Double limit, double leakHorizonSeconds) {

    public SummaryOptions {
        if (sampleIntervalMs < 0) {
            throw new IllegalArgumentException("sampleIntervalMs must be >= 0");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (limit != null && !Double.isFinite(limit)) {
            throw new IllegalArgumentException("limit must be finite");
        }
        if (!(leakHorizonSeconds > 0)) {
            throw new IllegalArgumentException("leakHorizonSeconds must be > 0");
        }
    }

    /** Inferred interval, alpha 0.05, no limit, one-day horizon. */
    public static SummaryOptions defaults() {
        return new SummaryOptions(0, 0.05, null, 86_400);
    }

    public SummaryOptions withLimit(Double value) {
        return new SummaryOptions(sampleIntervalMs, alpha, value, leakHorizonSeconds);
    }

    public SummaryOptions withSampleIntervalMs(long value) {
        return new SummaryOptions(value, alpha, limit, leakHorizonSeconds);
    }
}
