package io.fgm.studies.changepoint;

import java.util.Locale;

/**
 * The price of one changepoint, with R's changepoint 2.3 conventions (n = analysed length, p =
 * {@link CostFunction#parameterCount()}):
 *
 * <ul>
 *   <li>{@link Type#BIC}: (p + 1)·ln n, so 2·ln n for the mean and 3·ln n for mean and variance;
 *   <li>{@link Type#MBIC}: (p + 2)·ln n, so 3·ln n and 4·ln n, and ln(len) is added to every
 *       segment's cost (Zhang and Siegmund's modified BIC);
 *   <li>{@link Type#MANUAL}: a fixed value ≥ 0.
 * </ul>
 *
 * @param type which rule
 * @param manualValue the value for {@link Type#MANUAL}; 0 for the other types
 */
public record Penalty(Type type, double manualValue) {

    /** Penalty rules. */
    public enum Type {
        MBIC,
        BIC,
        MANUAL
    }

    public Penalty {
        if (type == null) {
            throw new IllegalArgumentException("penalty type is required");
        }
        if (type == Type.MANUAL && !(manualValue >= 0 && Double.isFinite(manualValue))) {
            throw new IllegalArgumentException(
                    "a manual penalty must be finite and >= 0, got " + manualValue);
        }
        if (type != Type.MANUAL && manualValue != 0) {
            throw new IllegalArgumentException("only a manual penalty carries a value");
        }
    }

    /** The modified BIC, R's default. */
    public static Penalty mbic() {
        return new Penalty(Type.MBIC, 0);
    }

    /** The BIC (SIC). */
    public static Penalty bic() {
        return new Penalty(Type.BIC, 0);
    }

    /** A fixed penalty. */
    public static Penalty manual(double value) {
        return new Penalty(Type.MANUAL, value);
    }

    /** Parses {@code mbic}, {@code bic} or a number ≥ 0. */
    public static Penalty parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "mbic":
                return mbic();
            case "bic":
            case "sic":
                return bic();
            default:
                try {
                    return manual(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "unknown penalty '" + text + "': expected mbic, bic or a number >= 0");
                }
        }
    }

    /** The penalty value for a series of {@code n} analysed values under {@code cost}. */
    public double value(CostFunction cost, int n) {
        double lnN = Math.log(Math.max(n, 1));
        return switch (type) {
            case BIC -> (cost.parameterCount() + 1) * lnN;
            case MBIC -> (cost.parameterCount() + 2) * lnN;
            case MANUAL -> manualValue;
        };
    }

    /** Whether every segment's cost carries an extra ln(len) (MBIC). */
    public boolean addsSegmentLengthTerm() {
        return type == Type.MBIC;
    }
}
