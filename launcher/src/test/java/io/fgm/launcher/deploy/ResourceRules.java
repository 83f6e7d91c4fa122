package io.fgm.launcher.deploy;

import static io.fgm.launcher.deploy.Yaml.at;
import static io.fgm.launcher.deploy.Yaml.id;
import static io.fgm.launcher.deploy.Yaml.list;
import static io.fgm.launcher.deploy.Yaml.map;
import static io.fgm.launcher.deploy.Yaml.str;
import static io.fgm.launcher.deploy.Yaml.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules over the set of Kubernetes objects one kustomization builds: everything in fgm's namespace and labelled,
 * RBAC limited to what the components need, and Services and NetworkPolicies that select pods which exist.
 * Pure: violations are returned as sentences.
 */
final class ResourceRules {
  private ResourceRules() {}

  static final String NAMESPACE = "fine-grained-monitor";
  static final String NAME_LABEL = "app.kubernetes.io/name";
  /** What the node agent's ClusterRole may grant: reading pods, nothing else. */
  static final Set<String> CLUSTER_ROLE_VERBS = Set.of("get", "list", "watch");

  /** Namespace and labels of one object. */
  static List<String> checkMetadata(String where, Map<String, Object> r) {
    List<String> v = new ArrayList<>();
    Object ns = at(r, "metadata", "namespace");
    if (ns != null && !NAMESPACE.equals(ns)) {
      v.add(where + " " + id(r) + ": namespace " + ns + " is not " + NAMESPACE);
    }
    if (at(r, "metadata", "labels", NAME_LABEL) == null) {
      v.add(where + " " + id(r) + ": label " + NAME_LABEL + " is missing");
    }
    return v;
  }

  /**
   * RBAC: no wildcard anywhere; ClusterRoles grant only get/list/watch on core pods; Roles never reach Secrets;
   * bindings refer to roles defined here (never to a built-in such as cluster-admin) and to subjects in fgm's
   * namespace.
   */
  static List<String> checkRbac(String where, List<Map<String, Object>> resources) {
    List<String> v = new ArrayList<>();
    Set<String> clusterRoles = namesOf(resources, "ClusterRole");
    Set<String> roles = namesOf(resources, "Role");
    for (Map<String, Object> r : resources) {
      String kind = str(r.get("kind"));
      String prefix = where + " " + id(r) + ": ";
      if ("ClusterRole".equals(kind) || "Role".equals(kind)) {
        if (r.containsKey("aggregationRule")) {
          v.add(prefix + "aggregationRule is not allowed");
        }
        for (Object o : list(r.get("rules"))) {
          Map<String, Object> rule = map(o);
          List<String> groups = strings(rule.get("apiGroups"));
          List<String> res = strings(rule.get("resources"));
          List<String> verbs = strings(rule.get("verbs"));
          if (groups.contains("*") || res.contains("*") || verbs.contains("*")) {
            v.add(prefix + "wildcard in rule " + rule);
          }
          if (rule.containsKey("nonResourceURLs")) {
            v.add(prefix + "nonResourceURLs in rule " + rule);
          }
          if ("ClusterRole".equals(kind)
              && !(groups.equals(List.of("")) && res.equals(List.of("pods")) && CLUSTER_ROLE_VERBS.containsAll(verbs)
                  && !verbs.isEmpty())) {
            v.add(prefix + "a ClusterRole may only grant get/list/watch on pods, not " + rule);
          }
          if (res.contains("secrets")) {
            v.add(prefix + "grants access to secrets");
          }
        }
      }
      if ("ClusterRoleBinding".equals(kind) || "RoleBinding".equals(kind)) {
        String refKind = str(at(r, "roleRef", "kind"));
        String refName = str(at(r, "roleRef", "name"));
        boolean defined = "ClusterRole".equals(refKind) ? clusterRoles.contains(refName) : roles.contains(refName);
        if (!defined) {
          v.add(prefix + "binds " + refKind + "/" + refName + ", which is not defined by fgm");
        }
        for (Object s : list(r.get("subjects"))) {
          if (!"ServiceAccount".equals(map(s).get("kind")) || !NAMESPACE.equals(map(s).get("namespace"))) {
            v.add(prefix + "subject " + s + " is not a ServiceAccount in " + NAMESPACE);
          }
        }
      }
    }
    return v;
  }

  /** Every Service and NetworkPolicy selects the pods of some workload of the same build. */
  static List<String> checkSelectors(String where, List<Map<String, Object>> resources) {
    List<Map<String, Object>> podLabelSets = resources.stream()
        .filter(WorkloadRules::isWorkload)
        .map(WorkloadRules::podLabels)
        .toList();
    List<String> v = new ArrayList<>();
    for (Map<String, Object> r : resources) {
      Map<String, Object> selector = switch (String.valueOf(r.get("kind"))) {
        case "Service" -> map(at(r, "spec", "selector"));
        case "NetworkPolicy" -> map(at(r, "spec", "podSelector", "matchLabels"));
        default -> null;
      };
      if (selector == null) {
        continue;
      }
      if (selector.isEmpty()) {
        v.add(where + " " + id(r) + ": empty selector (it would select every pod)");
      } else if (podLabelSets.stream().noneMatch(labels -> labels.entrySet().containsAll(selector.entrySet()))) {
        v.add(where + " " + id(r) + ": selector " + selector + " matches no workload's pods");
      }
    }
    return v;
  }

  static Set<String> namesOf(List<Map<String, Object>> resources, String kind) {
    Set<String> names = new java.util.HashSet<>();
    for (Map<String, Object> r : resources) {
      if (kind.equals(r.get("kind"))) {
        names.add(str(at(r, "metadata", "name")));
      }
    }
    return names;
  }
}
