package io.fgm.agent.publish;

import io.fgm.agent.sample.AgentStats;
import io.fgm.schema.ContainerSample;
import java.util.List;

/**
 * Encodes every sample as the Kafka publisher would ({@link SampleEncoder}), then drops it: for measuring the
 * agent's own cost of sampling and encoding without a broker ({@code agent run --publisher discard}, the
 * footprint benchmark).
 */
public final class DiscardingSamplePublisher implements SamplePublisher {
  private final AgentStats stats;
  private final SampleEncoder encoder = new SampleEncoder();
  private long bytes;

  public DiscardingSamplePublisher(AgentStats stats) {
    this.stats = stats;
  }

  @Override
  public synchronized void publish(List<ContainerSample> samples) {
    for (ContainerSample s : samples) {
      bytes += encoder.encode(s).length + encoder.key(s).length();
    }
    stats.samplesSent.addAndGet(samples.size());
  }

  /** Encoded bytes that would have been sent. */
  public synchronized long bytes() {
    return bytes;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
