package io.fgm.launcher.deploy;

import static io.fgm.launcher.deploy.Yaml.at;
import static io.fgm.launcher.deploy.Yaml.id;
import static io.fgm.launcher.deploy.Yaml.list;
import static io.fgm.launcher.deploy.Yaml.map;
import static io.fgm.launcher.deploy.Yaml.str;
import static io.fgm.launcher.deploy.Yaml.strings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Least-privilege and hygiene rules for the pods of Kubernetes workloads (Deployment, DaemonSet, StatefulSet, Job,
 * CronJob, Pod, and the pod template of a FlinkDeployment). Pure: each check returns the violations it found as
 * readable sentences, an empty list meaning the resource is fine.
 *
 * <p>The node agent is the one workload allowed host access: read-only hostPath mounts, uid 0 and the
 * capabilities in {@link #AGENT_CAPABILITIES}. Everything else runs as non-root with every capability dropped.
 */
final class WorkloadRules {
  private WorkloadRules() {}

  static final String AGENT = "fgm-node-agent";
  /** Reading other users' /proc/<pid>/smaps_rollup (PSS) is a ptrace-mode read: the only capability the agent holds. */
  static final Set<String> AGENT_CAPABILITIES = Set.of("SYS_PTRACE");
  /** fgm's own images that must run with a read-only root filesystem (Flink's entry point writes its own). */
  static final Set<String> READ_ONLY_ROOT_IMAGES =
      Set.of("fgm/node-agent", "fgm/pod-watcher", "fgm/query-service", "fgm/mcp-gateway");
  /** The one cluster-wide pod watcher: a Deployment that must stay at one replica. */
  static final String POD_WATCHER = "fgm-pod-watcher";

  static final Set<String> WORKLOAD_KINDS =
      Set.of("Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job", "CronJob", "Pod", "FlinkDeployment");

  static boolean isWorkload(Map<String, Object> resource) {
    return WORKLOAD_KINDS.contains(str(resource.get("kind")));
  }

  /** The pod spec of a workload, or empty for other kinds. */
  static Optional<Map<String, Object>> podSpec(Map<String, Object> resource) {
    Object spec = switch (String.valueOf(resource.get("kind"))) {
      case "Pod" -> at(resource, "spec");
      case "CronJob" -> at(resource, "spec", "jobTemplate", "spec", "template", "spec");
      case "FlinkDeployment" -> at(resource, "spec", "podTemplate", "spec");
      default -> at(resource, "spec", "template", "spec");
    };
    return spec instanceof Map<?, ?> ? Optional.of(map(spec)) : Optional.empty();
  }

  /** Labels of the workload's pods (what Services and NetworkPolicies select). */
  static Map<String, Object> podLabels(Map<String, Object> resource) {
    return "Pod".equals(resource.get("kind"))
        ? map(at(resource, "metadata", "labels"))
        : map(at(resource, "spec", "template", "metadata", "labels"));
  }

  /** Why an image reference is not pinned, or empty when it is: a tag other than "latest", or a digest. */
  static Optional<String> imagePinProblem(String image) {
    if (image == null || image.isBlank()) {
      return Optional.of("has no image");
    }
    if (image.contains("@sha256:")) {
      return Optional.empty();
    }
    String tag = tag(image);
    if (tag == null) {
      return Optional.of("image " + image + " has no tag (it would float as :latest)");
    }
    if (tag.isEmpty() || tag.equals("latest")) {
      return Optional.of("image " + image + " is not pinned (tag '" + tag + "')");
    }
    return Optional.empty();
  }

  /** The image reference without its tag or digest: "fgm/node-agent" for "fgm/node-agent:0.1.0". */
  static String repository(String image) {
    String noDigest = image.split("@", 2)[0];
    int slash = noDigest.lastIndexOf('/');
    int colon = noDigest.lastIndexOf(':');
    return colon > slash ? noDigest.substring(0, colon) : noDigest;
  }

  /** The tag of an image reference, or null. */
  static String tag(String image) {
    String noDigest = image.split("@", 2)[0];
    int slash = noDigest.lastIndexOf('/');
    int colon = noDigest.lastIndexOf(':');
    return colon > slash ? noDigest.substring(colon + 1) : null;
  }

  static List<String> check(String where, Map<String, Object> resource) {
    List<String> v = new ArrayList<>();
    Optional<Map<String, Object>> pod = podSpec(resource);
    if (pod.isEmpty()) {
      v.add(where + " " + id(resource) + ": workload without a pod spec");
      return v;
    }
    String name = str(at(resource, "metadata", "name"));
    boolean agent = AGENT.equals(name);
    String prefix = where + " " + id(resource);
    Map<String, Object> spec = pod.get();
    for (String hostNs : List.of("hostPID", "hostIPC", "hostNetwork")) {
      if (Boolean.TRUE.equals(spec.get(hostNs))) {
        v.add(prefix + ": " + hostNs + " is true");
      }
    }
    Set<String> hostPathVolumes = new HashSet<>();
    for (Object vol : list(spec.get("volumes"))) {
      if (map(vol).containsKey("hostPath")) {
        hostPathVolumes.add(str(map(vol).get("name")));
        if (!agent) {
          v.add(prefix + ": hostPath volume " + map(vol).get("name") + " outside the node agent");
        }
      }
    }
    boolean podSeccomp = "RuntimeDefault".equals(at(spec, "securityContext", "seccompProfile", "type"));
    List<Object> containers = new ArrayList<>(list(spec.get("containers")));
    containers.addAll(list(spec.get("initContainers")));
    if (containers.isEmpty()) {
      v.add(prefix + ": no containers");
    }
    boolean flink = "FlinkDeployment".equals(resource.get("kind"));
    for (Object c : containers) {
      v.addAll(checkContainer(prefix, map(c), map(spec.get("securityContext")), podSeccomp, agent, hostPathVolumes,
          flink ? str(at(resource, "spec", "image")) : null));
    }
    return v;
  }

  private static List<String> checkContainer(String prefix, Map<String, Object> c, Map<String, Object> podSc,
      boolean podSeccomp, boolean agent, Set<String> hostPathVolumes, String imageFromResource) {
    List<String> v = new ArrayList<>();
    String where = prefix + " container " + c.get("name") + ": ";
    String image = c.get("image") != null ? str(c.get("image")) : imageFromResource;
    imagePinProblem(image).ifPresent(p -> v.add(where + p));
    for (String kind : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        if (at(c, "resources", kind, resource) == null) {
          v.add(where + "resources." + kind + "." + resource + " is not set");
        }
      }
    }
    Map<String, Object> sc = map(c.get("securityContext"));
    if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
      v.add(where + "allowPrivilegeEscalation must be false");
    }
    if (Boolean.TRUE.equals(sc.get("privileged"))) {
      v.add(where + "privileged is true");
    }
    if (!strings(at(sc, "capabilities", "drop")).contains("ALL")) {
      v.add(where + "capabilities.drop must contain ALL");
    }
    Set<String> allowedAdds = agent ? AGENT_CAPABILITIES : Set.of();
    for (String cap : strings(at(sc, "capabilities", "add"))) {
      if (!allowedAdds.contains(cap)) {
        v.add(where + "adds capability " + cap);
      }
    }
    if (!(sc.get("readOnlyRootFilesystem") instanceof Boolean)) {
      v.add(where + "readOnlyRootFilesystem must be set explicitly");
    } else if (image != null && READ_ONLY_ROOT_IMAGES.contains(repository(image))
        && !Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
      v.add(where + "readOnlyRootFilesystem must be true for " + image);
    }
    if (!podSeccomp && !"RuntimeDefault".equals(at(sc, "seccompProfile", "type"))) {
      v.add(where + "seccompProfile RuntimeDefault is not set (pod or container)");
    }
    Object runAsNonRoot = sc.containsKey("runAsNonRoot") ? sc.get("runAsNonRoot") : podSc.get("runAsNonRoot");
    Object runAsUser = sc.containsKey("runAsUser") ? sc.get("runAsUser") : podSc.get("runAsUser");
    if (!agent && (!Boolean.TRUE.equals(runAsNonRoot) || Integer.valueOf(0).equals(runAsUser))) {
      v.add(where + "must run as non-root (runAsNonRoot true, runAsUser not 0)");
    }
    for (Object m : list(c.get("volumeMounts"))) {
      Map<String, Object> mount = map(m);
      if (hostPathVolumes.contains(str(mount.get("name"))) && !Boolean.TRUE.equals(mount.get("readOnly"))) {
        v.add(where + "hostPath mount " + mount.get("mountPath") + " must be readOnly");
      }
    }
    return v;
  }
}
