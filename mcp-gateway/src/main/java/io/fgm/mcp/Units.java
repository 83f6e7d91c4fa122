package io.fgm.mcp;

import java.util.Locale;

/**
 * Formats metric values with their unit for a model to read: bytes as KiB/MiB/GiB, microseconds as ms/s,
 * millicores as {@code m} and cores. Unit symbols are those of {@code io.fgm.schema.Metric.Unit}.
 */
final class Units {
  private Units() {}

  static String format(double v, String unit) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (unit == null) {
      return num(v);
    }
    return switch (unit) {
      case "B" -> bytes(v, "");
      case "B/s" -> bytes(v, "/s");
      case "m" -> Math.abs(v) >= 10_000 ? num(v / 1000) + " cores" : num(v) + " m";
      case "us" -> Math.abs(v) >= 1_000_000 ? num(v / 1e6) + " s" : Math.abs(v) >= 1000 ? num(v / 1000) + " ms"
          : num(v) + " us";
      case "us/s" -> num(v) + " us/s";
      case "%" -> num(v) + " %";
      case "1" -> num(v);
      default -> num(v) + " " + unit;
    };
  }

  /** A long name of the unit for descriptions: "bytes", "millicores (1000 = one core)", … */
  static String describe(String unit) {
    if (unit == null) {
      return "no unit";
    }
    return switch (unit) {
      case "B" -> "bytes";
      case "B/s" -> "bytes per second";
      case "m" -> "millicores (1000 = one core)";
      case "us" -> "microseconds";
      case "us/s" -> "microseconds per second";
      case "%" -> "percent";
      case "1" -> "count";
      case "1/s" -> "per second";
      case "ratio" -> "ratio 0..1";
      default -> unit;
    };
  }

  private static String bytes(double v, String suffix) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;
    double x = v;
    while (Math.abs(x) >= 1024 && i < units.length - 1) {
      x /= 1024;
      i++;
    }
    return num(x) + " " + units[i] + suffix;
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
  }
}
