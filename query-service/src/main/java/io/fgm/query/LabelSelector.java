package io.fgm.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes-style label selector over the labels the store keeps for a container: {@code container_id},
 * {@code pod_uid}, {@code pod_name}, {@code namespace}, {@code container_name}, {@code qos}, {@code node}.
 * Terms are comma-separated and all must hold: {@code key=value}, {@code key==value}, {@code key!=value},
 * {@code key in (a,b)}, {@code key notin (a,b)}, {@code key} (label present), {@code !key} (label absent).
 * Parsing is pure and throws {@link BadParameterException} on the {@code selector} parameter.
 */
public final class LabelSelector {
  public static final String PARAMETER = "selector";

  private static final Map<String, Function<ContainerInfo, String>> LABELS = Map.of(
      "container_id", ContainerInfo::containerId,
      "pod_uid", ContainerInfo::podUid,
      "pod_name", ContainerInfo::podName,
      "namespace", ContainerInfo::namespace,
      "container_name", ContainerInfo::containerName,
      "qos", ContainerInfo::qos,
      "node", ContainerInfo::node);
  private static final Pattern SET_TERM = Pattern.compile("\\s*([a-z_]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*");
  private static final Pattern EQ_TERM = Pattern.compile("\\s*([a-z_]+)\\s*(==|=|!=)\\s*([^,=!()\\s]*)\\s*");
  private static final Pattern EXISTS_TERM = Pattern.compile("\\s*(!?)\\s*([a-z_]+)\\s*");

  private record Term(String key, String op, Set<String> values) {}

  private final List<Term> terms;

  private LabelSelector(List<Term> terms) {
    this.terms = terms;
  }

  public static LabelSelector parse(String selector) {
    List<Term> terms = new ArrayList<>();
    for (String raw : splitTerms(selector)) {
      Matcher m;
      if ((m = SET_TERM.matcher(raw)).matches()) {
        List<String> vals = new ArrayList<>();
        for (String v : m.group(3).split(",")) {
          if (!v.isBlank()) {
            vals.add(v.trim());
          }
        }
        terms.add(new Term(key(m.group(1)), m.group(2), Set.copyOf(vals)));
      } else if ((m = EQ_TERM.matcher(raw)).matches()) {
        terms.add(new Term(key(m.group(1)), m.group(2).equals("!=") ? "!=" : "=", Set.of(m.group(3))));
      } else if ((m = EXISTS_TERM.matcher(raw)).matches()) {
        terms.add(new Term(key(m.group(2)), m.group(1).isEmpty() ? "exists" : "!exists", Set.of()));
      } else {
        throw new BadParameterException(PARAMETER, "cannot parse selector term '" + QueryParams.shorten(raw)
            + "'; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
      }
    }
    return new LabelSelector(List.copyOf(terms));
  }

  public boolean matches(ContainerInfo c) {
    for (Term t : terms) {
      String v = LABELS.get(t.key()).apply(c);
      boolean ok = switch (t.op()) {
        case "=", "in" -> v != null && t.values().contains(v);
        case "!=", "notin" -> v == null || !t.values().contains(v);
        case "exists" -> v != null;
        default -> v == null;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String key(String k) {
    if (!LABELS.containsKey(k)) {
      throw new BadParameterException(PARAMETER, "unknown label '" + QueryParams.shorten(k) + "'; labels are "
          + new java.util.TreeSet<>(LABELS.keySet()));
    }
    return k;
  }

  /** Splits on commas outside parentheses. */
  private static List<String> splitTerms(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    out.removeIf(String::isBlank);
    if (depth != 0) {
      throw new BadParameterException(PARAMETER, "unbalanced parentheses in selector");
    }
    return out;
  }
}
