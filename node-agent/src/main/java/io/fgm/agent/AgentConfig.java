package io.fgm.agent;

import java.nio.file.Path;
import java.time.Clock;

/** The validated settings of a {@link NodeAgent}; see {@link NodeAgent.Builder} for meanings and defaults. */
public record AgentConfig(
    Path cgroupRoot,
    Path procRoot,
    String nodeName,
    String bootstrapServers,
    String topic,
    String kafkaCompression,
    Clock clock,
    long periodMs,
    long userHz,
    int maxHeldFiles,
    Path spillDir,
    long spillMaxBytes,
    long pssPeriodMs,
    long pressurePeriodMs,
    long fullDiscoveryPeriodMs,
    long limitsPeriodMs,
    long publishPeriodMs,
    boolean selfMetrics,
    String httpBind,
    int httpPort,
    String customPublisher) {

  /** Where samples go, for the start-up log line. */
  public String publisherDescription() {
    return customPublisher != null ? customPublisher : "kafka " + bootstrapServers + " topic " + topic;
  }
}
