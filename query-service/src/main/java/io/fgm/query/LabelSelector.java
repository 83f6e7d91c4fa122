package io.fgm.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector over a container's labels: the identity labels the store keeps for it
 * ({@link #IDENTITY_LABELS}: {@code container_id}, {@code pod_uid}, {@code pod_name}, {@code namespace},
 * {@code container_name}, {@code qos}, {@code node}) and its pod's Kubernetes labels ({@code app}, {@code team},
 * {@code app.kubernetes.io/name}…, see {@link PodLabels}). An identity label wins over a pod label of the same name.
 *
 * <p>Terms are comma-separated and all must hold: {@code key=value}, {@code key==value}, {@code key!=value},
 * {@code key in (a,b)}, {@code key notin (a,b)}, {@code key} (label present), {@code !key} (label absent). As in
 * Kubernetes, a label the container does not have is absent: {@code app=x} and {@code app in (x)} do not match it,
 * {@code app!=x}, {@code app notin (x)} and {@code !app} do. Keys are Kubernetes qualified names (an optional DNS
 * subdomain prefix and {@code /}, then at most 63 characters of letters, digits, {@code -_.}, starting and ending
 * with a letter or digit); values are not limited to 63 characters because identity values (container ids, pod and
 * node names) are longer. Parsing is pure and throws {@link BadParameterException} on the {@code selector} parameter.
 */
public final class LabelSelector {
  public static final String PARAMETER = "selector";

  /** The labels every container has from the store itself, by name. */
  public static final Map<String, Function<ContainerInfo, String>> IDENTITY_LABELS = Map.of(
      "container_id", ContainerInfo::containerId,
      "pod_uid", ContainerInfo::podUid,
      "pod_name", ContainerInfo::podName,
      "namespace", ContainerInfo::namespace,
      "container_name", ContainerInfo::containerName,
      "qos", ContainerInfo::qos,
      "node", ContainerInfo::node);

  private static final String KEY = "([A-Za-z0-9][-A-Za-z0-9_./]*)";
  private static final Pattern SET_TERM = Pattern.compile("\\s*" + KEY + "\\s+(in|notin)\\s*\\(([^()]*)\\)\\s*");
  private static final Pattern EQ_TERM = Pattern.compile("\\s*" + KEY + "\\s*(==|=|!=)\\s*([^,=!()\\s]*)\\s*");
  private static final Pattern EXISTS_TERM = Pattern.compile("\\s*(!?)\\s*" + KEY + "\\s*");
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern VALUE = Pattern.compile("[^,=!()\\s]+");

  private enum Op { IN, NOT_IN, EXISTS, NOT_EXISTS }

  /** One term, its label resolved at parse time: an identity accessor, or null for a pod label. */
  private record Term(String key, Function<ContainerInfo, String> identity, Op op, Set<String> values) {
    String value(ContainerInfo c, Map<String, String> podLabels) {
      return identity != null ? identity.apply(c) : podLabels.get(key);
    }
  }

  private final List<Term> terms;
  private final boolean needsPodLabels;

  private LabelSelector(List<Term> terms) {
    this.terms = terms;
    this.needsPodLabels = terms.stream().anyMatch(t -> t.identity() == null);
  }

  public static LabelSelector parse(String selector) {
    List<Term> terms = new ArrayList<>();
    for (String raw : splitTerms(selector)) {
      Matcher m;
      if ((m = SET_TERM.matcher(raw)).matches()) {
        List<String> vals = new ArrayList<>();
        for (String v : m.group(3).split(",", -1)) {
          vals.add(value(v.trim(), raw));
        }
        if (vals.size() == 1 && vals.get(0).isEmpty()) {
          throw bad("'" + QueryParams.shorten(raw) + "' has an empty set of values");
        }
        for (String v : vals) {
          if (v.isEmpty()) {
            throw bad("'" + QueryParams.shorten(raw) + "' has an empty value in its set");
          }
        }
        terms.add(term(m.group(1), m.group(2).equals("in") ? Op.IN : Op.NOT_IN, Set.copyOf(vals)));
      } else if ((m = EQ_TERM.matcher(raw)).matches()) {
        terms.add(term(m.group(1), m.group(2).equals("!=") ? Op.NOT_IN : Op.IN, Set.of(value(m.group(3), raw))));
      } else if ((m = EXISTS_TERM.matcher(raw)).matches()) {
        terms.add(term(m.group(2), m.group(1).isEmpty() ? Op.EXISTS : Op.NOT_EXISTS, Set.of()));
      } else {
        throw bad("cannot parse selector term '" + QueryParams.shorten(raw)
            + "'; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
      }
    }
    if (terms.isEmpty()) {
      throw bad("the selector has no terms");
    }
    return new LabelSelector(List.copyOf(terms));
  }

  /** True when a term names a label other than the identity ones, so {@link #matches} needs the pod's labels. */
  public boolean needsPodLabels() {
    return needsPodLabels;
  }

  /** Matches the identity labels only: a container whose pod labels are not known. */
  public boolean matches(ContainerInfo c) {
    return matches(c, Map.of());
  }

  /**
   * @param podLabels the Kubernetes labels of the container's pod (empty when not known); the identity labels win
   *     over a pod label of the same name
   */
  public boolean matches(ContainerInfo c, Map<String, String> podLabels) {
    for (Term t : terms) {
      String v = t.value(c, podLabels);
      boolean ok = switch (t.op()) {
        case IN -> v != null && t.values().contains(v);
        case NOT_IN -> v == null || !t.values().contains(v);
        case EXISTS -> v != null;
        case NOT_EXISTS -> v == null;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Term term(String key, Op op, Set<String> values) {
    checkKey(key);
    return new Term(key, IDENTITY_LABELS.get(key), op, values);
  }

  /** Kubernetes' qualified name: {@code [prefix/]name}, prefix a DNS subdomain (≤ 253), name ≤ 63. */
  private static void checkKey(String key) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    boolean ok = name.length() <= 63 && NAME.matcher(name).matches()
        && (prefix == null || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches()));
    if (!ok) {
      throw bad("invalid label key '" + QueryParams.shorten(key) + "': a key is [prefix/]name, the name at most 63 "
          + "letters, digits, '-', '_' or '.' starting and ending with a letter or digit, the prefix a DNS subdomain");
    }
  }

  private static String value(String v, String raw) {
    if (!v.isEmpty() && !VALUE.matcher(v).matches()) {
      throw bad("invalid value '" + QueryParams.shorten(v) + "' in '" + QueryParams.shorten(raw) + "'");
    }
    return v;
  }

  private static BadParameterException bad(String message) {
    return new BadParameterException(PARAMETER, message);
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
        if (depth < 0) {
          throw bad("unbalanced parentheses in selector");
        }
      } else if (ch == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw bad("unbalanced parentheses in selector");
    }
    out.add(s.substring(start));
    for (String t : out) {
      if (t.isBlank()) {
        throw bad("empty term in selector '" + QueryParams.shorten(s) + "'");
      }
    }
    return out;
  }
}
