package io.fgm.mcp;

import java.util.Map;

/**
 * Typed access to a tool call's arguments. Clients send JSON, so numbers may arrive as Integer, Long or Double
 * and, from some assistants, as strings; each accessor accepts what is unambiguous and otherwise throws a
 * {@link ToolArgumentException} naming the argument.
 */
public final class ToolArgs {
  private final Map<String, Object> args;

  public ToolArgs(Map<String, Object> args) {
    this.args = args == null ? Map.of() : args;
  }

  /** An optional string; blank counts as absent. */
  public String string(String name) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new ToolArgumentException(name, "argument '" + name + "' must be a string");
    }
    return s.isBlank() ? null : s.trim();
  }

  /** An optional list of strings, at most {@code max}; null when absent or empty. */
  public java.util.List<String> strings(String name, int max) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof java.util.List<?> list) || !list.stream().allMatch(x -> x instanceof String)) {
      throw new ToolArgumentException(name, "argument '" + name + "' must be an array of strings");
    }
    if (list.size() > max) {
      throw new ToolArgumentException(name, "argument '" + name + "' takes at most " + max + " items");
    }
    return list.isEmpty() ? null : list.stream().map(x -> ((String) x).trim()).toList();
  }

  /** A required non-blank string. */
  public String required(String name) {
    String s = string(name);
    if (s == null) {
      throw new ToolArgumentException(name, "argument '" + name + "' is required");
    }
    return s;
  }

  /** An optional boolean ({@code true}/{@code false}, or those words as strings). */
  public boolean bool(String name, boolean dflt) {
    Object v = args.get(name);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new ToolArgumentException(name, "argument '" + name + "' must be true or false, got " + v);
  }

  /** An optional number within {@code [min, max]}, null when absent. */
  public Double number(String name, double min, double max) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    double n;
    if (v instanceof Number num) {
      n = num.doubleValue();
    } else if (v instanceof String s && s.trim().matches("-?\\d{1,10}(\\.\\d{1,10})?")) {
      n = Double.parseDouble(s.trim());
    } else {
      throw new ToolArgumentException(name, "argument '" + name + "' must be a number, got " + v);
    }
    if (!(n >= min && n <= max)) {
      throw new ToolArgumentException(name, "argument '" + name + "' must be between " + Units.num(min) + " and "
          + Units.num(max) + ", got " + v);
    }
    return n;
  }

  /** An optional integer within {@code [min, max]}, {@code dflt} when absent. */
  public int integer(String name, int dflt, int min, int max) {
    Object v = args.get(name);
    if (v == null) {
      return dflt;
    }
    long n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else if (v instanceof String s && s.trim().matches("-?\\d{1,10}")) {
      n = Long.parseLong(s.trim());
    } else {
      throw new ToolArgumentException(name, "argument '" + name + "' must be an integer, got " + v);
    }
    if (n < min || n > max) {
      throw new ToolArgumentException(name, "argument '" + name + "' must be between " + min + " and " + max
          + ", got " + n);
    }
    return (int) n;
  }
}
