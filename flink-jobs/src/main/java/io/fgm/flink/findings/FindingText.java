package io.fgm.flink.findings;

import java.util.Locale;

/** Numbers in findings' one-line descriptions, in units a person reads at a glance. */
final class FindingText {
  private FindingText() {}

  static String value(double v, String unit) {
    return switch (unit) {
      case "B" -> bytes(v);
      case "m" -> String.format(Locale.ROOT, "%.0f m", v);
      case "%" -> String.format(Locale.ROOT, "%.1f %%", v);
      default -> String.format(Locale.ROOT, "%.3g", v);
    };
  }

  static String bytes(double b) {
    double abs = Math.abs(b);
    if (abs >= 1 << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", b / (1 << 30));
    }
    if (abs >= 1 << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (1 << 20));
    }
    return String.format(Locale.ROOT, "%.0f KiB", b / 1024);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%+.0f %%", ratio * 100);
  }

  static String seconds(double s) {
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%.1f min", s / 60);
    }
    return String.format(Locale.ROOT, "%.0f s", s);
  }
}
