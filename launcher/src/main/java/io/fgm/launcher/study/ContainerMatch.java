package io.fgm.launcher.study;

import io.fgm.query.ContainerInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolves the {@code --container} argument against the containers of the store, in this order: the
 * exact container id; a unique id prefix; a name, as {@code container}, {@code pod}, {@code
 * pod/container} or {@code namespace/pod/container}. A pod name alone matches the pod's named
 * containers only (its sandbox has no container name). Pure: an unknown or ambiguous argument throws
 * an {@link IllegalArgumentException} whose message lists what the user may have meant.
 */
final class ContainerMatch {
    private static final int LISTED = 10;

    private ContainerMatch() {}

    /** The one container {@code query} names among {@code known}. */
    static ContainerInfo resolve(String query, Collection<ContainerInfo> known) {
        String q = query.strip();
        for (ContainerInfo c : known) {
            if (c.containerId().equals(q)) {
                return c;
            }
        }
        List<ContainerInfo> byPrefix = known.stream().filter(c -> c.containerId().startsWith(q)).toList();
        if (!byPrefix.isEmpty()) {
            return single(q, "id prefix", byPrefix);
        }
        List<ContainerInfo> byName = known.stream().filter(c -> namedBy(c, q)).toList();
        List<ContainerInfo> named = byName.stream().filter(c -> c.containerName() != null).toList();
        if (!named.isEmpty()) {
            return single(q, "name", named);
        }
        if (!byName.isEmpty()) {
            return single(q, "name", byName);
        }
        List<ContainerInfo> close = closeMatches(q, known);
        String listed = close.isEmpty()
                ? "the store has " + describe(known.stream().limit(LISTED).toList())
                        + (known.size() > LISTED ? " and " + (known.size() - LISTED) + " more" : "")
                : "close matches: " + describe(close);
        throw new IllegalArgumentException(known.isEmpty()
                ? "no container in the store for this range and node"
                : "unknown container '" + q + "'; " + listed);
    }

    /** How a container is shown to the user: short id and its Kubernetes names when known. */
    static String describe(ContainerInfo c) {
        String id = c.containerId().length() > 12 ? c.containerId().substring(0, 12) : c.containerId();
        List<String> names = new ArrayList<>();
        for (String s : new String[] {c.namespace(), c.podName(), c.containerName()}) {
            if (s != null) {
                names.add(s);
            }
        }
        return names.isEmpty() ? id : id + " (" + String.join("/", names) + ")";
    }

    private static String describe(List<ContainerInfo> cs) {
        return cs.stream().map(ContainerMatch::describe).collect(Collectors.joining(", "));
    }

    private static ContainerInfo single(String q, String how, List<ContainerInfo> matches) {
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new IllegalArgumentException("container " + how + " '" + q + "' is ambiguous: "
                + describe(matches.stream().limit(LISTED).toList())
                + (matches.size() > LISTED ? " and " + (matches.size() - LISTED) + " more" : "")
                + "; give a longer id prefix or pod/container");
    }

    private static boolean namedBy(ContainerInfo c, String q) {
        String pod = c.podName();
        String name = c.containerName();
        return q.equals(name) || q.equals(pod)
                || (pod != null && name != null && q.equals(pod + "/" + name))
                || (pod != null && name != null && c.namespace() != null
                        && q.equals(c.namespace() + "/" + pod + "/" + name));
    }

    /**
     * Containers whose id or names contain the query (any case) or are within a few edits of it,
     * closest first.
     */
    static List<ContainerInfo> closeMatches(String query, Collection<ContainerInfo> known) {
        String q = query.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, q.length() / 3);
        Map<ContainerInfo, Integer> distance = new LinkedHashMap<>();
        for (ContainerInfo c : known) {
            int best = Integer.MAX_VALUE;
            for (String s : new String[] {c.containerId(), c.podName(), c.containerName(),
                    c.podName() == null || c.containerName() == null ? null
                            : c.podName() + "/" + c.containerName()}) {
                if (s == null) {
                    continue;
                }
                String l = s.toLowerCase(Locale.ROOT);
                int d = l.contains(q) ? 0 : editDistance(q, l);
                best = Math.min(best, d);
            }
            if (best <= allowed) {
                distance.put(c, best);
            }
        }
        return distance.entrySet().stream()
                .sorted(Map.Entry.<ContainerInfo, Integer>comparingByValue()
                        .thenComparing(e -> e.getKey().containerId(), Comparator.naturalOrder()))
                .limit(LISTED)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
