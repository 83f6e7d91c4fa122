package io.fgm.query.tail;

import io.fgm.query.ContainerInfo;
import io.fgm.schema.PodMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes names of the pods, from the compacted pod metadata topic ({@link PodMetadata#TOPIC}), keyed by pod
 * UID: the query service's copy of what the Flink job joins to samples, so that a container seen only in the Kafka
 * tail is listed, filtered and drawn with its pod name, namespace and container name before Parquet has them. Pure
 * and thread-safe; the Kafka shell ({@link KafkaTopicTail}, read from the beginning) feeds it.
 *
 * <p>The join follows the Flink job's rules ({@code flink-jobs/…/enrich/PodNames}): by pod UID, names the sample
 * carried win, the container name is looked up by runtime container id, and a pod not known (yet, or any more after a
 * tombstone) leaves the container as it is. Bounded by {@code maxPods}: past it, the least recently updated pods go.
 */
public final class PodDirectory {
  private final int maxPods;
  private final Map<String, PodMetadata> byUid = new HashMap<>();
  private long updates;

  public PodDirectory(int maxPods) {
    if (maxPods < 1) {
      throw new IllegalArgumentException("maxPods must be >= 1");
    }
    this.maxPods = maxPods;
  }

  /** A new version of a pod's metadata (the latest record of a key wins, as in the compacted topic). */
  public synchronized void put(PodMetadata pod) {
    byUid.put(pod.podUid(), pod);
    updates++;
    if (byUid.size() > maxPods) {
      List<PodMetadata> all = new ArrayList<>(byUid.values());
      all.sort(Comparator.comparingLong(PodMetadata::updatedMs));
      for (int i = 0; i < all.size() - maxPods * 9 / 10; i++) { // in batches: puts stay O(1) amortized
        byUid.remove(all.get(i).podUid());
      }
    }
  }

  /** A tombstone: the pod is gone. */
  public synchronized void remove(String podUid) {
    byUid.remove(podUid);
    updates++;
  }

  /** Pods known. */
  public synchronized int size() {
    return byUid.size();
  }

  /** Records applied since start (versions and tombstones). */
  public synchronized long updates() {
    return updates;
  }

  /** The pod's metadata, or null when not known. */
  public synchronized PodMetadata get(String podUid) {
    return podUid == null ? null : byUid.get(podUid);
  }

  /**
   * {@code c} with the pod name, namespace and container name filled in from its pod's metadata where it has none;
   * {@code c} itself when its pod is not known or nothing is missing.
   */
  public ContainerInfo enrich(ContainerInfo c) {
    if (c.podUid() == null || (c.podName() != null && c.namespace() != null && c.containerName() != null)) {
      return c;
    }
    PodMetadata pod = get(c.podUid());
    if (pod == null) {
      return c;
    }
    String podName = c.podName() != null ? c.podName() : pod.podName();
    String namespace = c.namespace() != null ? c.namespace() : pod.namespace();
    String containerName = c.containerName() != null ? c.containerName()
        : pod.containerName(c.containerId()).orElse(null);
    if (podName == c.podName() && namespace == c.namespace() && containerName == c.containerName()) {
      return c;
    }
    return new ContainerInfo(c.containerId(), c.podUid(), podName, namespace, containerName, c.qos(), c.node(),
        c.metrics(), c.firstSeenMs(), c.lastSeenMs());
  }
}
