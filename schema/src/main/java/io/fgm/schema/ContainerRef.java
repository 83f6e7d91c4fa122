package io.fgm.schema;

import java.util.Objects;

/**
 * Identity of one container on one node, as discovery sees it.
 *
 * @param containerId runtime container id (64 hex chars for containerd/CRI-O/Docker), or a stable name for
 *     non-container cgroups such as systemd services
 * @param podUid Kubernetes pod UID with dashes, or null outside Kubernetes
 * @param qos QoS class from the cgroup path
 * @param cgroupPath path of the cgroup relative to the cgroup root, starting with '/'
 * @param sandbox true for a pod's sandbox (pause) container
 * @param podName pod name when known (from the Kubernetes API), else null
 * @param namespace pod namespace when known, else null
 * @param containerName container name within the pod when known, else null
 */
public record ContainerRef(
    String containerId,
    String podUid,
    QosClass qos,
    String cgroupPath,
    boolean sandbox,
    String podName,
    String namespace,
    String containerName) {

  public ContainerRef {
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(cgroupPath, "cgroupPath");
    qos = qos == null ? QosClass.NONE : qos;
  }

  /** A container known only from its cgroup path (no Kubernetes names yet). */
  public static ContainerRef of(String containerId, String podUid, QosClass qos, String cgroupPath) {
    return new ContainerRef(containerId, podUid, qos, cgroupPath, false, null, null, null);
  }

  public ContainerRef withSandbox(boolean isSandbox) {
    return new ContainerRef(containerId, podUid, qos, cgroupPath, isSandbox, podName, namespace, containerName);
  }

  public ContainerRef withNames(String pod, String ns, String container) {
    return new ContainerRef(containerId, podUid, qos, cgroupPath, sandbox, pod, ns, container);
  }
}
