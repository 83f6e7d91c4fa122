package io.fgm.query;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One container as the store knows it over a time range: identity labels, the metrics it has rows for, and when
 * it was first and last seen. Labels the agent did not know (e.g. pod name outside Kubernetes) are null.
 *
 * @param containerId runtime container id (or a stable cgroup name for non-container cgroups)
 * @param podUid Kubernetes pod UID, or null
 * @param podName pod name, or null
 * @param namespace pod namespace, or null
 * @param containerName container name within the pod, or null
 * @param qos QoS class label as Kubernetes spells it ({@code Guaranteed}, {@code Burstable}, {@code BestEffort},
 *     {@code None})
 * @param node node name
 * @param metrics metric names with at least one row, sorted
 * @param firstSeenMs earliest row time, epoch ms
 * @param lastSeenMs latest row time, epoch ms
 * @param labels the Kubernetes labels of the container's pod ({@link PodLabels}), filled in by a listing
 *     ({@link #withLabels}); empty when the pod is not known or has none, and in the store's own summaries
 */
public record ContainerInfo(
    String containerId,
    String podUid,
    String podName,
    String namespace,
    String containerName,
    String qos,
    String node,
    List<String> metrics,
    long firstSeenMs,
    long lastSeenMs,
    Map<String, String> labels) {

  public ContainerInfo {
    Objects.requireNonNull(containerId, "containerId");
    metrics = List.copyOf(metrics);
    labels = labels == null ? Map.of() : labels; // held as given: the pod sources keep immutable maps
  }

  /** A container as the store summarizes it: without its pod's labels. */
  public ContainerInfo(String containerId, String podUid, String podName, String namespace, String containerName,
      String qos, String node, List<String> metrics, long firstSeenMs, long lastSeenMs) {
    this(containerId, podUid, podName, namespace, containerName, qos, node, metrics, firstSeenMs, lastSeenMs,
        Map.of());
  }

  /** This container with its pod's Kubernetes labels (referenced, not copied: pass an immutable map). */
  public ContainerInfo withLabels(Map<String, String> podLabels) {
    return new ContainerInfo(containerId, podUid, podName, namespace, containerName, qos, node, metrics,
        firstSeenMs, lastSeenMs, podLabels);
  }

  /**
   * Combines two sightings of the same container (two files, two days): the union of metrics, the widest time
   * span, and labels from the later sighting where it has them (pod names can arrive after the first samples).
   */
  public ContainerInfo merge(ContainerInfo other) {
    ContainerInfo late = other.lastSeenMs >= lastSeenMs ? other : this;
    ContainerInfo early = late == this ? other : this;
    if (metrics.equals(other.metrics) && late.hasAllLabelsOf(early)) { // the common case: only the span grows
      return new ContainerInfo(containerId, late.podUid, late.podName, late.namespace, late.containerName, late.qos,
          late.node, late.metrics, Math.min(firstSeenMs, other.firstSeenMs), Math.max(lastSeenMs, other.lastSeenMs),
          late.labels.isEmpty() ? early.labels : late.labels);
    }
    TreeSet<String> all = new TreeSet<>(metrics);
    all.addAll(other.metrics);
    return new ContainerInfo(
        containerId,
        pick(late.podUid, early.podUid),
        pick(late.podName, early.podName),
        pick(late.namespace, early.namespace),
        pick(late.containerName, early.containerName),
        pick(late.qos, early.qos),
        pick(late.node, early.node),
        List.copyOf(all),
        Math.min(firstSeenMs, other.firstSeenMs),
        Math.max(lastSeenMs, other.lastSeenMs),
        late.labels.isEmpty() ? early.labels : late.labels);
  }

  private boolean hasAllLabelsOf(ContainerInfo o) {
    return (podUid != null || o.podUid == null) && (podName != null || o.podName == null)
        && (namespace != null || o.namespace == null) && (containerName != null || o.containerName == null)
        && (qos != null || o.qos == null) && (node != null || o.node == null);
  }

  private static String pick(String preferred, String fallback) {
    return preferred != null ? preferred : fallback;
  }
}
