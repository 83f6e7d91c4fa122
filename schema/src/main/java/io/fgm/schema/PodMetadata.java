package io.fgm.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes names of one pod, as one cluster-wide watcher publishes them to the compacted topic
 * {@link #TOPIC} (key: pod UID; value: {@link PodMetadataCodec} bytes; an empty value is a tombstone).
 * Flink joins them to samples by pod UID and container id.
 *
 * @param containers runtime container id (without {@code containerd://}) to container name
 */
public record PodMetadata(
    String podUid,
    String podName,
    String namespace,
    String node,
    String qosClass,
    Map<String, String> labels,
    Map<String, String> containers,
    long updatedMs) {

  /** The compacted topic of pod metadata. */
  public static final String TOPIC = "fgm.pods";

  /**
   * The store's pods tier, {@code <store>/pods/dt=YYYY-MM-DD/*.parquet}: one row per version (parquet-avro rows of
   * {@link Schemas#POD_METADATA_V1}, {@link PodMetadataCodec#toRecord}), so the labels of deleted pods outlive their
   * tombstones as long as their containers' rows.
   */
  public static final String STORE_DIR = "pods";

  public PodMetadata {
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(podName, "podName");
    Objects.requireNonNull(namespace, "namespace");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    containers = containers == null ? Map.of() : Map.copyOf(containers);
  }

  /** The container's name in this pod, if the id is one of its containers. */
  public Optional<String> containerName(String containerId) {
    return Optional.ofNullable(containers.get(containerId));
  }

  /** Runtime ids arrive as {@code containerd://<id>}, {@code cri-o://<id>} or {@code docker://<id>}. */
  public static String stripRuntimePrefix(String containerId) {
    int i = containerId == null ? -1 : containerId.indexOf("://");
    return i < 0 ? containerId : containerId.substring(i + 3);
  }

  /** Helper for building from a list of (id, name) pairs. */
  public static Map<String, String> containerMap(List<Map.Entry<String, String>> idToName) {
    java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
    idToName.forEach(e -> m.put(stripRuntimePrefix(e.getKey()), e.getValue()));
    return m;
  }
}
