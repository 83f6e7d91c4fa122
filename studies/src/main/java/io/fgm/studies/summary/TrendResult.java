package io.fgm.studies.summary;

/**
 * The trend of a series, with the evidence behind it.
 *
 * @param trend the classification
 * @param slopePerSecond Theil–Sen slope (median of pairwise slopes), in value units per second
 * @param totalChange slopePerSecond × the series' duration
 * @param mannKendallS Mann–Kendall statistic S = Σ sign(x<sub>j</sub> − x<sub>i</sub>), i &lt; j
 * @param mannKendallZ its normal score with tie and continuity corrections
 * @param pValue two-sided p-value of "no monotonic trend" (1 with fewer than 3 values)
 * @param runsZ Wald–Wolfowitz runs-test score of values above/below the median (negative: fewer
 *     runs than chance, i.e. sustained swings); 0 when undefined
 * @param reason a short sentence saying why
 */
public record TrendResult(
        Trend trend,
        double slopePerSecond,
        double totalChange,
        double mannKendallS,
        double mannKendallZ,
        double pValue,
        double runsZ,
        String reason) {}
