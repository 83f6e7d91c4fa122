package io.fgm.studies.periodicity;

/**
 * How periodicity is searched for.
 *
 * @param windowSize samples per sliding window (default 60: one minute at 1 Hz)
 * @param step samples between window starts; 0 means windowSize/4
 * @param minPeriod shortest period considered, in samples, ≥ 2
 * @param maxPeriod longest period considered, in samples; 0 means windowSize/2
 * @param minScore the ACF peak a window needs to count as periodic (default 0.5)
 * @param maxMissingFraction windows with more missing values than this fraction are skipped and
 *     counted (default 0.1)
 */
public record PeriodicityOptions(
        int windowSize, int step, int minPeriod, int maxPeriod, double minScore,
        double maxMissingFraction) {

    public PeriodicityOptions {
        if (windowSize < 4) {
            throw new IllegalArgumentException("windowSize must be >= 4, got " + windowSize);
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (minPeriod < 2) {
            throw new IllegalArgumentException("minPeriod must be >= 2, got " + minPeriod);
        }
        int max = maxPeriod == 0 ? windowSize / 2 : maxPeriod;
        if (max < minPeriod || max > windowSize - 2) {
            throw new IllegalArgumentException("need minPeriod <= maxPeriod <= windowSize - 2, got "
                    + minPeriod + ".." + max + " for a window of " + windowSize);
        }
        if (!(minScore > 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be in (0, 1], got " + minScore);
        }
        if (!(maxMissingFraction >= 0 && maxMissingFraction < 1)) {
            throw new IllegalArgumentException(
                    "maxMissingFraction must be in [0, 1), got " + maxMissingFraction);
        }
    }

    /** 60-sample windows, step 15, periods 2..30, score 0.5, at most 10% missing. */
    public static PeriodicityOptions defaults() {
        return new PeriodicityOptions(60, 0, 2, 0, 0.5, 0.1);
    }

    /** Window of {@code size} samples, other settings at their defaults for that size. */
    public static PeriodicityOptions window(int size) {
        return new PeriodicityOptions(size, 0, 2, 0, 0.5, 0.1);
    }

    public int effectiveStep() {
        return step == 0 ? Math.max(1, windowSize / 4) : step;
    }

    public int effectiveMaxPeriod() {
        return maxPeriod == 0 ? windowSize / 2 : maxPeriod;
    }

    public PeriodicityOptions withPeriods(int min, int max) {
        return new PeriodicityOptions(windowSize, step, min, max, minScore, maxMissingFraction);
    }

    public PeriodicityOptions withStep(int value) {
        return new PeriodicityOptions(windowSize, value, minPeriod, maxPeriod, minScore,
                maxMissingFraction);
    }

    public PeriodicityOptions withMinScore(double value) {
        return new PeriodicityOptions(windowSize, step, minPeriod, maxPeriod, value,
                maxMissingFraction);
    }
}
