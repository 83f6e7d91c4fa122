package io.fgm.agent;

import io.fgm.schema.ContainerSample;
import java.util.Map;

/**
 * Writes a sample as one JSON object on one line, for people debugging a node ({@code agent sample}). Written by
 * hand (~60 lines) so the agent's classpath carries no JSON library for this one debugging feature: the values
 * are strings, numbers and one flat map, and the string escaping below follows RFC 8259 section 7.
 */
public final class JsonLines {
  private JsonLines() {}

  /**
   * {@code {"timestamp_ms":..,"node":..,"container_id":..,"pod_uid":..|null,"qos":..,"path":..,"sandbox":..,
   * "metrics":{name:value,..}}}; integral values print without a fraction, non-finite ones as null.
   */
  public static String toJson(ContainerSample s) {
    StringBuilder b = new StringBuilder(256 + s.metrics().size() * 40);
    b.append("{\"timestamp_ms\":").append(s.timestampMs());
    b.append(",\"node\":");
    string(b, s.node());
    b.append(",\"container_id\":");
    string(b, s.container().containerId());
    b.append(",\"pod_uid\":");
    string(b, s.container().podUid());
    b.append(",\"qos\":");
    string(b, s.container().qos().label());
    b.append(",\"path\":");
    string(b, s.container().cgroupPath());
    b.append(",\"sandbox\":").append(s.container().sandbox());
    b.append(",\"metrics\":{");
    boolean first = true;
    for (Map.Entry<String, Double> e : s.metrics().entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      number(b, e.getValue());
    }
    return b.append("}}").toString();
  }

  static void number(StringBuilder b, Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      b.append("null");
    } else if (v == Math.rint(v) && Math.abs(v) < 1e18) {
      b.append(v.longValue());
    } else {
      b.append(v.doubleValue());
    }
  }

  static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
