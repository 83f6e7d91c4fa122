package io.fgm.studies.changepoint;

/**
 * One segment of the optimal segmentation, in original indices and units.
 *
 * @param start index of the first value (inclusive)
 * @param end index after the last value (exclusive)
 * @param startTimeMs timestamp of the first value, or null without timestamps
 * @param endTimeMs timestamp of the last value, or null without timestamps
 * @param count values analysed in the segment (missing values are not counted)
 * @param mean mean of the segment's values
 * @param variance maximum-likelihood variance of the segment's values
 * @param cost the segment's cost in the analysed (scaled) units, MBIC's ln(len) included
 */
public record Segment(
        int start,
        int end,
        Long startTimeMs,
        Long endTimeMs,
        int count,
        double mean,
        double variance,
        double cost) {}
