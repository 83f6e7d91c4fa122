package io.fgm.podwatcher;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fgm.schema.PodMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure mapping from a Kubernetes {@link Pod} to the {@link PodMetadata} published on {@code fgm.pods}.
 *
 * <p>Container ids come from {@code status.containerStatuses}, {@code initContainerStatuses} and
 * {@code ephemeralContainerStatuses}, with the runtime prefix ({@code containerd://}) removed, because that is the
 * id the node agent finds in the cgroup path. A container that has not started yet has no id and is left out.
 * The id of the previous instance of a restarted container ({@code lastState.terminated.containerID}) is kept
 * too: samples of the old instance may still be in flight when the new mapping reaches Flink, and they should
 * keep their name.
 */
public final class PodMetadataMapper {
  private PodMetadataMapper() {}

  /**
   * @param seenMs when the watcher saw this version of the pod ({@code updated_ms})
   * @throws InvalidPodException when the pod has no UID, name or namespace (nothing could be keyed or joined)
   */
  public static PodMetadata toPodMetadata(Pod pod, long seenMs) {
    ObjectMeta meta = pod == null ? null : pod.getMetadata();
    if (meta == null || isBlank(meta.getUid()) || isBlank(meta.getName()) || isBlank(meta.getNamespace())) {
      throw new InvalidPodException("pod without metadata.uid, metadata.name or metadata.namespace: "
          + (meta == null ? "no metadata" : meta.getNamespace() + "/" + meta.getName() + " uid=" + meta.getUid()));
    }
    PodSpec spec = pod.getSpec();
    PodStatus status = pod.getStatus();
    Map<String, String> containers = new LinkedHashMap<>();
    if (status != null) {
      addContainers(containers, status.getInitContainerStatuses());
      addContainers(containers, status.getContainerStatuses());
      addContainers(containers, status.getEphemeralContainerStatuses());
    }
    return new PodMetadata(
        meta.getUid(),
        meta.getName(),
        meta.getNamespace(),
        spec == null || isBlank(spec.getNodeName()) ? null : spec.getNodeName(),
        status == null || isBlank(status.getQosClass()) ? null : status.getQosClass(),
        meta.getLabels(),
        containers,
        seenMs);
  }

  /**
   * Whether two versions of a pod would publish the same record: every field but {@code updated_ms}. Pods change
   * often in ways fgm does not publish (conditions, IPs, resourceVersion); those must not grow the topic.
   */
  public static boolean samePublishedFields(PodMetadata a, PodMetadata b) {
    return a.podUid().equals(b.podUid())
        && a.podName().equals(b.podName())
        && a.namespace().equals(b.namespace())
        && java.util.Objects.equals(a.node(), b.node())
        && java.util.Objects.equals(a.qosClass(), b.qosClass())
        && a.labels().equals(b.labels())
        && a.containers().equals(b.containers());
  }

  private static void addContainers(Map<String, String> into, List<ContainerStatus> statuses) {
    if (statuses == null) {
      return;
    }
    for (ContainerStatus s : statuses) {
      if (s == null || isBlank(s.getName())) {
        continue;
      }
      ContainerState last = s.getLastState();
      if (last != null && last.getTerminated() != null) {
        putId(into, last.getTerminated().getContainerID(), s.getName());
      }
      putId(into, s.getContainerID(), s.getName());
    }
  }

  private static void putId(Map<String, String> into, String runtimeId, String name) {
    String id = PodMetadata.stripRuntimePrefix(runtimeId);
    if (!isBlank(id)) {
      into.put(id, name);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
