package io.fgm.schema;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * One container's metrics at one sampling instant: the unit the agent publishes to Kafka.
 *
 * <p>A metric that was not collected is absent from {@link #metrics()}; a present value is a real reading
 * (which may be zero). Keys are {@link Metric#key()} names; values are in the metric's unit.
 *
 * @param timestampMs sample time in epoch milliseconds, aligned to the second by the agent
 * @param node the node (host) name
 */
public record ContainerSample(long timestampMs, String node, ContainerRef container, Map<String, Double> metrics) {

  public ContainerSample {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(container, "container");
    metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(metrics);
  }

  /** The value of a metric, or NaN when it was not collected. */
  public double value(Metric metric) {
    Double v = metrics.get(metric.key());
    return v == null ? Double.NaN : v;
  }

  /** Kafka key that keeps one container's samples in one partition, in order: {@code node/containerId}. */
  public String kafkaKey() {
    return node + "/" + container.containerId();
  }
}
