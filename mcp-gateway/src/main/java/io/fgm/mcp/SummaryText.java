package io.fgm.mcp;

import tools.jackson.databind.JsonNode;

/** Renders the query service's summaries and study results as short lines for a model. Pure. */
final class SummaryText {
  private SummaryText() {}

  /**
   * One line for one metric's summary: level, spread, trend, leak and gaps, e.g. {@code avg 1.1 GiB, p95 1.2 GiB,
   * max 1.2 GiB, last 1.2 GiB; RISING 195 KiB/s (p=0.000); leak score 0.93, 1.9 GiB limit reached in 1.4 h}.
   */
  static String metricLine(String metric, JsonNode s) {
    String unit = ToolSupport.textOrNull(s, "unit");
    StringBuilder b = new StringBuilder(metric).append(": ");
    if (s.get("count").asInt() == 0) {
      return b.append("no values in the range").toString();
    }
    b.append("avg ").append(fmt(s, "avg", unit)).append(", p95 ").append(fmt(s, "p95", unit)).append(", max ")
        .append(fmt(s, "max", unit)).append(", last ").append(fmt(s, "last", unit));
    JsonNode trend = s.get("trend");
    if (trend != null && !trend.isNull()) {
      b.append("; ").append(trend.get("trend").asString());
      double slope = trend.get("slope_per_second").asDouble();
      if (slope != 0) {
        b.append(' ').append(slope > 0 ? "+" : "").append(Units.format(slope, unit)).append("/s");
      }
      b.append(" (p=").append(String.format(java.util.Locale.ROOT, "%.3f", trend.get("p_value").asDouble()))
          .append(')');
    }
    JsonNode leak = s.get("leak");
    if (leak != null && !leak.isNull() && leak.get("score").asDouble() >= 0.1) {
      b.append("; leak score ").append(String.format(java.util.Locale.ROOT, "%.2f", leak.get("score").asDouble()));
      if (leak.hasNonNull("limit")) {
        b.append(", limit ").append(Units.format(leak.get("limit").asDouble(), unit));
        if (leak.hasNonNull("time_to_limit_seconds")) {
          b.append(" reached in ").append(duration(leak.get("time_to_limit_seconds").asDouble()));
        }
      }
    }
    int gaps = s.get("gap_count").asInt();
    if (gaps > 0) {
      b.append("; ").append(gaps).append(gaps == 1 ? " gap" : " gaps").append(" (")
          .append(s.get("missing_samples").asLong()).append(" samples missing)");
    }
    return b.toString();
  }

  static String fmt(JsonNode s, String field, String unit) {
    JsonNode v = s.get(field);
    return v == null || v.isNull() ? "n/a" : Units.format(v.asDouble(), unit);
  }

  /** A duration in seconds as {@code 45 s}, {@code 12 min}, {@code 3.5 h} or {@code 2.1 d}. */
  static String duration(double seconds) {
    if (seconds < 120) {
      return Units.num(seconds) + " s";
    }
    if (seconds < 7200) {
      return Units.num(seconds / 60) + " min";
    }
    if (seconds < 172_800) {
      return Units.num(seconds / 3600) + " h";
    }
    return Units.num(seconds / 86_400) + " d";
  }

  /** {@code namespace/pod/container (id) on node} from a summary's or a study's labels. */
  static String who(JsonNode c) {
    return labelWithId(c) + " on " + ToolSupport.textOrNull(c, "node");
  }

  /** {@code namespace/pod/container (id)}, or the bare id: the id tells a restarted container from its successor. */
  static String labelWithId(JsonNode c) {
    String label = ToolSupport.label(c);
    String id = c.get("container_id").asString();
    return label.equals(id) ? id : label + " (" + id + ")";
  }
}
