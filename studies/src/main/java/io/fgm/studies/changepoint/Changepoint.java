package io.fgm.studies.changepoint;

/**
 * One changepoint: the segment starting at {@code index} differs from the one before it. Means and
 * variances are in the original units (before any scaling); variances are maximum-likelihood
 * (divided by the segment length).
 *
 * @param index 0-based index in the original series of the first value of the new segment
 * @param timeMs the timestamp of that value, or null when the series had no timestamps
 * @param meanBefore mean of the segment before
 * @param meanAfter mean of the segment after
 * @param varianceBefore variance of the segment before
 * @param varianceAfter variance of the segment after
 * @param absoluteChange meanAfter − meanBefore
 * @param relativeChange absoluteChange / |meanBefore|, or null when meanBefore is 0
 * @param costImprovement how much the optimal penalised cost would rise if this changepoint were
 *     removed and its two segments merged: ≥ 0 by optimality, and the larger, the surer the change
 *     (in the units of the cost: twice the negative log-likelihood, net of the penalty)
 */
public record Changepoint(
        int index,
        Long timeMs,
        double meanBefore,
        double meanAfter,
        double varianceBefore,
        double varianceAfter,
        double absoluteChange,
        Double relativeChange,
        double costImprovement) {}
