package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what a cgroup is from its path alone: Kubernetes structure (kubepods, QoS slices), a pod, a pod's
 * container, a CRI-O conmon scope, or something else (a systemd service, a plain Docker container, any cgroup
 * outside Kubernetes), for the systemd and cgroupfs drivers and kind's {@code kubelet.slice} nesting.
 *
 * <p>Pure: no file system access. Paths are relative to the hierarchy root, '/'-separated, without a leading '/'.
 */
public final class CgroupPathClassifier {
  /** What a cgroup directory is, and so whether discovery emits it and descends into it. */
  public enum Kind {
    /** kubepods or a QoS slice: not a container, descend. */
    KUBE_STRUCTURE,
    /** A pod-level cgroup: not a container, its children are the containers. */
    POD,
    /** A container of a pod: emit, do not descend. */
    CONTAINER,
    /** CRI-O's conmon monitor scope inside a pod: not a container, do not descend. */
    CONMON,
    /** Below a container (e.g. a nested cgroup inside it): already counted in the container, skip. */
    INSIDE_CONTAINER,
    /** Anything else: a container (named by its path) when it is a leaf, otherwise descend. */
    OTHER
  }

  /** The verdict; {@code ref} is set for {@link Kind#CONTAINER}. */
  public record Result(Kind kind, ContainerRef ref) {}

  private static final Pattern KUBEPODS = Pattern.compile("kubepods|(?:.+-)?kubepods\\.slice");
  private static final Pattern QOS =
      Pattern.compile("(burstable|besteffort)|(?:.+-)?kubepods-(burstable|besteffort)\\.slice");
  private static final Pattern POD =
      Pattern.compile(
          "pod([0-9a-fA-F][0-9a-fA-F_-]*)|(?:.+-)?kubepods(?:-(burstable|besteffort))?-pod([0-9a-fA-F_]+)\\.slice");
  private static final Pattern RUNTIME_SCOPE =
      Pattern.compile("(?:cri-containerd|crio|docker|libpod|cri-o)-([0-9a-fA-F]{12,})(?:\\.scope)?");
  private static final Pattern CONMON = Pattern.compile("crio-conmon-.*");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private CgroupPathClassifier() {}

  public static Result classify(String relPath) {
    String[] segs = relPath.isEmpty() ? new String[0] : relPath.split("/");
    boolean inKube = false;
    QosClass qos = QosClass.NONE;
    String podUid = null;
    for (int i = 0; i < segs.length; i++) {
      String seg = segs[i];
      boolean last = i == segs.length - 1;
      if (podUid != null) {
        if (!last) {
          return new Result(Kind.INSIDE_CONTAINER, null);
        }
        if (CONMON.matcher(seg).matches()) {
          return new Result(Kind.CONMON, null);
        }
        ContainerRef ref = ContainerRef.of(containerId(seg), podUid, qos, "/" + relPath);
        return new Result(Kind.CONTAINER, ref);
      }
      if (!inKube) {
        if (KUBEPODS.matcher(seg).matches()) {
          inKube = true;
          qos = QosClass.GUARANTEED; // a pod directly under kubepods is Guaranteed
        }
        continue;
      }
      Matcher pod = POD.matcher(seg);
      if (pod.matches()) {
        String raw = pod.group(1) != null ? pod.group(1) : pod.group(3);
        if (pod.group(2) != null) {
          qos = qosOf(pod.group(2));
        }
        podUid = raw.replace('_', '-');
        continue;
      }
      Matcher q = QOS.matcher(seg);
      if (q.matches()) {
        qos = qosOf(q.group(1) != null ? q.group(1) : q.group(2));
        continue;
      }
      // an unknown directory inside kubepods (not a pod): not ours to report
      return new Result(Kind.KUBE_STRUCTURE, null);
    }
    if (podUid != null) {
      return new Result(Kind.POD, null);
    }
    return new Result(inKube ? Kind.KUBE_STRUCTURE : Kind.OTHER, null);
  }

  /**
   * The container a leaf cgroup outside Kubernetes stands for: a Docker/Podman/containerd scope or a
   * {@code docker/<id>} directory by its runtime id, anything else (a systemd service, any leaf) by its path.
   */
  public static ContainerRef leafContainer(String relPath) {
    int slash = relPath.lastIndexOf('/');
    String name = relPath.substring(slash + 1);
    String parent = slash < 0 ? "" : relPath.substring(0, slash);
    Matcher m = RUNTIME_SCOPE.matcher(name);
    String id;
    if (m.matches()) {
      id = m.group(1);
    } else if (HEX64.matcher(name).matches() && (parent.equals("docker") || parent.endsWith("/docker"))) {
      id = name;
    } else {
      id = relPath;
    }
    return ContainerRef.of(id, null, QosClass.NONE, "/" + relPath);
  }

  /** The runtime id in a container's directory name: the hex of {@code cri-containerd-<id>.scope} etc. */
  static String containerId(String seg) {
    Matcher m = RUNTIME_SCOPE.matcher(seg);
    if (m.matches()) {
      return m.group(1);
    }
    return seg.endsWith(".scope") ? seg.substring(0, seg.length() - ".scope".length()) : seg;
  }

  private static QosClass qosOf(String s) {
    return "besteffort".equals(s) ? QosClass.BEST_EFFORT : QosClass.BURSTABLE;
  }
}
