package io.fgm.studies.changepoint;

/** How the series is scaled before segmentation. */
public enum Scaling {
    /** Use the values as they are (what R's {@code cpt.mean} does). */
    NONE,
    /**
     * Divide by the robust noise estimate σ̂ = mad(diff(x))/√2, R's {@code mad} (median absolute
     * deviation times 1.4826). Differencing cancels level shifts, so σ̂ estimates the noise and not
     * the size of the changes. This gives the unit variance the {@link CostFunction#MEAN} cost
     * assumes. When that MAD is zero (mostly constant data) the mean absolute deviation of the
     * differences is used instead, and when that is zero too, the scale is 1.
     */
    MAD;

    /** Parses {@code none} or {@code mad} (case-insensitive). */
    public static Scaling parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> NONE;
            case "mad" -> MAD;
            default -> throw new IllegalArgumentException(
                    "unknown scaling '" + text + "': expected none or mad");
        };
    }
}
