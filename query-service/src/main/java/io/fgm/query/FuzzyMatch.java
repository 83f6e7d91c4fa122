package io.fgm.query;

import java.util.Locale;

/**
 * Fuzzy matching of a typed query against a name, fzf-style: every character of the query must appear in the
 * name in order (case-insensitive). Higher scores for consecutive runs and for matches at word starts (after
 * {@code - _ . / space}), so "wb" ranks "web-1" above "sidecar-wb-proxy". Pure.
 */
public final class FuzzyMatch {
  private FuzzyMatch() {}

  /** The score of {@code query} in {@code name}, or -1 when it does not match. */
  public static int score(String query, String name) {
    if (name == null) {
      return -1;
    }
    String q = query.toLowerCase(Locale.ROOT);
    String n = name.toLowerCase(Locale.ROOT);
    int score = 0;
    int qi = 0;
    int prev = -2;
    for (int i = 0; i < n.length() && qi < q.length(); i++) {
      if (n.charAt(i) != q.charAt(qi)) {
        continue;
      }
      score += 1;
      if (i == prev + 1) {
        score += 3; // consecutive
      }
      if (i == 0 || "-_./ ".indexOf(n.charAt(i - 1)) >= 0) {
        score += 2; // word start
      }
      prev = i;
      qi++;
    }
    return qi == q.length() ? score : -1;
  }

  /** The best score of {@code query} over a container's names (pod, container, namespace, id). */
  public static int score(String query, ContainerInfo c) {
    return Math.max(Math.max(score(query, c.podName()), score(query, c.containerName())),
        Math.max(score(query, c.namespace()), score(query, c.containerId())));
  }
}
