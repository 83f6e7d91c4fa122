package io.fgm.query;

import io.fgm.query.findings.FindingQuery;
import io.fgm.schema.FindingKind;
import io.fgm.schema.QosClass;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates request parameters; pure (the current time is an argument). Every failure is a
 * {@link BadParameterException} naming the parameter. Values are only ever compared with what the store holds,
 * never used to build a path, but they are still bounded in length and free of control characters.
 */
public final class QueryParams {
  /** Longest accepted label value (container id, node, namespace, name filter). */
  public static final int MAX_VALUE_LENGTH = 256;

  private static final Pattern RELATIVE = Pattern.compile("(?:now)?-(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern METRIC = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

  private QueryParams() {}

  /**
   * A time: epoch milliseconds ({@code 1767225600000}), ISO-8601 ({@code 2026-01-01T00:00:00Z}, with an offset,
   * or a date meaning its UTC midnight), {@code now}, or relative to now ({@code -15m}, {@code now-2h}; units ms, s,
   * m, h, d).
   */
  public static long time(String param, String value, long nowMs) {
    String v = value.trim();
    if (v.equals("now")) {
      return nowMs;
    }
    Matcher rel = RELATIVE.matcher(v);
    if (rel.matches()) {
      long n = Long.parseLong(rel.group(1));
      Duration d = switch (rel.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return nowMs - d.toMillis();
    }
    if (!v.isEmpty() && v.length() <= 15 && v.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(v);
    }
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      if (v.endsWith("Z") || v.endsWith("z")) {
        return Instant.parse(v.toUpperCase()).toEpochMilli();
      }
      return OffsetDateTime.parse(v).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadParameterException(param, param + " must be epoch milliseconds, ISO-8601 (2026-01-01T00:00:00Z), "
          + "'now' or relative like -15m; got '" + shorten(value) + "'");
    }
  }

  /**
   * The range from optional {@code from}/{@code to}: {@code to} defaults to now, {@code from} to
   * {@code to - defaultRange}.
   */
  public static TimeRange range(String from, String to, long nowMs, Duration defaultRange) {
    long toMs = blank(to) ? nowMs : time("to", to, nowMs);
    long fromMs = blank(from) ? toMs - defaultRange.toMillis() : time("from", from, nowMs);
    if (fromMs > toMs) {
      throw new BadParameterException("from", "from (" + fromMs + ") must not be after to (" + toMs + ")");
    }
    return new TimeRange(fromMs, toMs);
  }

  /** An optional integer within {@code [min, max]}. */
  public static int integer(String param, String value, int dflt, int min, int max) {
    if (blank(value)) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the bounds
    }
    throw new BadParameterException(param,
        param + " must be an integer between " + min + " and " + max + ", got '" + shorten(value) + "'");
  }

  /** An optional label value (node, namespace, name filter): null when absent. */
  public static String label(String param, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
      throw new BadParameterException(param,
          param + " must be at most " + MAX_VALUE_LENGTH + " printable characters");
    }
    return value;
  }

  /** A required metric name: lowercase dotted words such as {@code cpu.usage_millicores}. */
  public static String metric(String param, String value) {
    if (blank(value)) {
      throw new BadParameterException(param, param + " is required (see /api/metrics)");
    }
    if (value.length() > 128 || !METRIC.matcher(value).matches()) {
      throw new BadParameterException(param, param + " must look like cpu.usage_millicores, got '"
          + shorten(value) + "'");
    }
    return value;
  }

  /** An optional QoS class, normalized to the Kubernetes spelling. */
  public static String qos(String param, String value) {
    if (blank(value)) {
      return null;
    }
    for (QosClass q : QosClass.values()) {
      if (q.label().equalsIgnoreCase(value) || q.name().equalsIgnoreCase(value)) {
        return q.label();
      }
    }
    throw new BadParameterException(param,
        param + " must be one of Guaranteed, Burstable, BestEffort, None; got '" + shorten(value) + "'");
  }

  /** A required comma-separated list of container ids, deduplicated, at most {@code max}. */
  public static List<String> ids(String param, String value, int max) {
    if (blank(value)) {
      throw new BadParameterException(param, param + " is required: comma-separated container ids");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String id = part.trim();
      if (!id.isEmpty()) {
        ids.add(label(param, id));
      }
    }
    if (ids.isEmpty()) {
      throw new BadParameterException(param, param + " is required: comma-separated container ids");
    }
    if (ids.size() > max) {
      throw new BadParameterException(param, "at most " + max + " containers per request, got " + ids.size());
    }
    return new ArrayList<>(ids);
  }

  /** An optional comma-separated list of finding kinds, any case; empty: every kind. */
  public static Set<FindingKind> kinds(String param, String value) {
    Set<FindingKind> out = EnumSet.noneOf(FindingKind.class);
    if (blank(value)) {
      return out;
    }
    for (String part : value.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      FindingKind kind = null;
      for (FindingKind k : FindingKind.values()) {
        if (k.name().equalsIgnoreCase(name)) {
          kind = k;
        }
      }
      if (kind == null) {
        throw new BadParameterException(param, param + " must be comma-separated kinds among "
            + Arrays.toString(FindingKind.values()) + " (any case); got '" + shorten(name)
            + "'");
      }
      out.add(kind);
    }
    return out;
  }

  /** An optional number within {@code [min, max]}. */
  public static double number(String param, String value, double dflt, double min, double max) {
    if (blank(value)) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(value.trim());
      if (d >= min && d <= max) { // false for NaN
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below with the bounds
    }
    throw new BadParameterException(param,
        param + " must be a number between " + min + " and " + max + ", got '" + shorten(value) + "'");
  }

  /** An optional finding order: {@code rank} (the default) or {@code time}. */
  public static FindingQuery.Order findingOrder(String param, String value) {
    if (blank(value) || value.trim().equalsIgnoreCase("rank")) {
      return FindingQuery.Order.RANK;
    }
    if (value.trim().equalsIgnoreCase("time")) {
      return FindingQuery.Order.TIME;
    }
    throw new BadParameterException(param, param + " must be 'rank' (kind, then score, then start) or 'time' "
        + "(newest first); got '" + shorten(value) + "'");
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Echo at most 64 characters of a bad value back: enough to recognise, too short to be a reflection vector. */
  static String shorten(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 64 ? printable : printable.substring(0, 61) + "...";
  }
}
