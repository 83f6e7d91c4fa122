package io.fgm.schema;

import java.util.Map;
import java.util.Objects;

/**
 * One thing the streaming studies noticed about one container, as the Flink job writes it to the topic {@link #TOPIC}
 * (key {@code <node>/<container_id>}, value {@link FindingCodec#encode}) and to Parquet under {@code <store>/findings}
 * ({@link FindingCodec#toRecord}, schema {@link Schemas#FINDING_V1}). The query service serves them at
 * {@code /api/findings}; the MCP gateway ranks them in {@code find_changes}.
 *
 * @param findingId deterministic ({@link #idOf}): a finding re-emitted with a later {@code endMs} keeps its id, and
 *     readers keep the version with the largest {@code endMs}
 * @param score 0..1, severity or confidence, the ranking key
 * @param magnitude the size in the metric's unit (step, amplitude, slope per second, count, ratio)
 * @param details kind-specific numbers with the unit in the key (see SCHEMA.md)
 */
public record Finding(
    String findingId,
    FindingKind kind,
    String node,
    String containerId,
    String podUid,
    String podName,
    String namespace,
    String containerName,
    String metric,
    long startMs,
    long endMs,
    long detectedMs,
    double score,
    double magnitude,
    String description,
    Map<String, Double> details) {

  /** The findings topic. */
  public static final String TOPIC = "fgm.findings";
  /** The directory of the findings tier under the store root, beside {@code raw} and {@code rollup_1m}. */
  public static final String STORE_DIR = "findings";

  public Finding {
    Objects.requireNonNull(findingId, "findingId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(description, "description");
    if (endMs < startMs) {
      throw new IllegalArgumentException("endMs " + endMs + " < startMs " + startMs);
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** The deterministic id of a finding: the same event found twice gets the same id. */
  public static String idOf(String node, String containerId, String metric, FindingKind kind, long startMs) {
    return node + "/" + containerId + "/" + metric + "/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + startMs;
  }

  /** The Kafka key: one container's findings stay in one partition, in order. */
  public String kafkaKey() {
    return node + "/" + containerId;
  }

  /** A copy with the Kubernetes names filled in (Flink enriches after the study ran on ids). */
  public Finding withNames(String podUid, String podName, String namespace, String containerName) {
    return new Finding(findingId, kind, node, containerId, podUid, podName, namespace, containerName, metric,
        startMs, endMs, detectedMs, score, magnitude, description, details);
  }
}
