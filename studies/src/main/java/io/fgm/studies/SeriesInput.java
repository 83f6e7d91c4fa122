package io.fgm.studies;

/**
 * Checks and helpers shared by every study on the input convention: {@code double[] values} with
 * NaN for a missing value, and optional {@code long[] timestampsMs} of the same length, strictly
 * increasing (null when the series has no timestamps).
 */
public final class SeriesInput {
    private SeriesInput() {}

    /**
     * Throws {@link IllegalArgumentException} naming the first problem: null values, infinite
     * values, timestamps of another length, or timestamps that do not strictly increase.
     */
    public static void requireValid(double[] values, long[] timestampsMs) {
        if (values == null) {
            throw new IllegalArgumentException("values are required");
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is infinite");
            }
        }
        if (timestampsMs == null) {
            return;
        }
        if (timestampsMs.length != values.length) {
            throw new IllegalArgumentException("got " + values.length + " values but "
                    + timestampsMs.length + " timestamps");
        }
        for (int i = 1; i < timestampsMs.length; i++) {
            if (timestampsMs[i] <= timestampsMs[i - 1]) {
                throw new IllegalArgumentException("timestamps must strictly increase: index " + i
                        + " has " + timestampsMs[i] + " after " + timestampsMs[i - 1]);
            }
        }
    }

    /** Indices of the values that are not missing (not NaN), in order. */
    public static int[] presentIndices(double[] values) {
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                count++;
            }
        }
        int[] indices = new int[count];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                indices[j++] = i;
            }
        }
        return indices;
    }

    /** The timestamp at {@code index}, or null without timestamps. */
    public static Long timeAt(long[] timestampsMs, int index) {
        return timestampsMs == null ? null : timestampsMs[index];
    }
}
