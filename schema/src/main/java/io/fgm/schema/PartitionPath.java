package io.fgm.schema;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Hive-style partition directories of the store: {@code dt=YYYY-MM-DD/node=<node>}, dates in UTC.
 *
 * <p>Node names are escaped like Hive does: every character outside {@code [A-Za-z0-9._-]} becomes {@code %XX},
 * so a partition value can never contain '/' or '..' path segments.
 */
public final class PartitionPath {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private PartitionPath() {}

  public static String of(long timestampMs, String node) {
    return "dt=" + day(timestampMs) + "/node=" + escape(node);
  }

  public static String day(long timestampMs) {
    return DAY.format(Instant.ofEpochMilli(timestampMs));
  }

  public static String escape(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      boolean safe =
          (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'
              || (ch == '.' && i > 0);
      if (safe) {
        sb.append(ch);
      } else {
        for (byte b : String.valueOf(ch).getBytes(StandardCharsets.UTF_8)) {
          sb.append('%').append(String.format("%02X", b & 0xff));
        }
      }
    }
    return sb.toString();
  }

  public static String unescape(String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '%' && i + 2 < value.length()) {
        out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
