package io.fgm.testkit.cgroup;

import io.fgm.schema.QosClass;

/**
 * How the kubelet and the container runtime name cgroups, for each cgroup driver. Paths are relative to the
 * hierarchy root, without a leading '/'.
 *
 * <pre>
 * SYSTEMD   kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod&lt;uid_&gt;.slice/cri-containerd-&lt;id&gt;.scope
 * KIND      kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/
 *             kubelet-kubepods-burstable-pod&lt;uid_&gt;.slice/cri-containerd-&lt;id&gt;.scope
 * CGROUPFS  kubepods/burstable/pod&lt;uid&gt;/&lt;id&gt;
 * </pre>
 * Guaranteed pods sit directly under kubepods. The systemd driver writes the pod UID with underscores.
 */
public enum KubeLayout {
  SYSTEMD,
  KIND,
  CGROUPFS;

  /** The container runtime, which names the container's scope under the systemd driver. */
  public enum Runtime {
    CONTAINERD("cri-containerd-"),
    CRIO("crio-"),
    DOCKER("docker-");

    final String scopePrefix;

    Runtime(String scopePrefix) {
      this.scopePrefix = scopePrefix;
    }
  }

  /** The pod-level cgroup. */
  public String podPath(QosClass qos, String podUid) {
    String q = qos == QosClass.BURSTABLE ? "burstable" : qos == QosClass.BEST_EFFORT ? "besteffort" : null;
    switch (this) {
      case CGROUPFS:
        return "kubepods/" + (q == null ? "" : q + "/") + "pod" + podUid;
      case SYSTEMD:
      case KIND:
      default:
        String prefix = this == KIND ? "kubelet-kubepods" : "kubepods";
        String base = this == KIND ? "kubelet.slice/kubelet-kubepods.slice/" : "kubepods.slice/";
        String uid = podUid.replace('-', '_');
        if (q == null) {
          return base + prefix + "-pod" + uid + ".slice";
        }
        return base + prefix + "-" + q + ".slice/" + prefix + "-" + q + "-pod" + uid + ".slice";
    }
  }

  /** The container's cgroup. */
  public String containerPath(QosClass qos, String podUid, Runtime runtime, String containerId) {
    String leaf = this == CGROUPFS
        ? (runtime == Runtime.CRIO ? "crio-" + containerId : containerId)
        : runtime.scopePrefix + containerId + ".scope";
    return podPath(qos, podUid) + "/" + leaf;
  }
}
