package io.fgm.agent.publish;

import io.fgm.schema.ContainerSample;
import java.util.List;

/**
 * Where the agent's samples go. Kafka is one driver behind this interface (as cAdvisor's storage drivers are);
 * tests use {@link InMemorySamplePublisher}.
 *
 * <p>Contract: {@link #publish} is called from the sampling thread once per tick with that tick's samples and
 * must not block for long (a slow or absent broker is the implementation's problem, not the loop's); it never
 * throws for delivery failures, which are counted and surfaced by {@link #flush()}. {@link #close()} flushes what
 * it can within a bounded time.
 */
public interface SamplePublisher extends AutoCloseable {
  void publish(List<ContainerSample> samples);

  /** Waits until everything published so far is delivered (or has failed); throws the first delivery failure. */
  void flush();

  @Override
  void close();
}
