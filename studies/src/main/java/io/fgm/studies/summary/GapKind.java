package io.fgm.studies.summary;

/** Why samples are missing. */
public enum GapKind {
    /** Values present in the series as NaN. */
    MISSING_VALUES,
    /** Timestamps further apart than 1.5 sampling intervals: the samples were never recorded. */
    MISSING_TIME
}
