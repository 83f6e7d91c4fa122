package io.fgm.flink.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.flink.testing.Samples;
import io.fgm.schema.ContainerSample;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The rate state of a container that stopped sending is removed from the heap state table by the other containers'
 * samples (incremental cleanup of {@link ContainerStateTtl#CLEANUP_ENTRIES_PER_ACCESS} entry per access), without
 * that container ever being read again.
 */
class ContainerStateTtlTest {
  @Test
  void expiredContainersLeaveTheStateTableWhileOthersKeepSending() throws Exception {
    Duration ttl = Duration.ofMinutes(15);
    KeyedOneInputStreamOperatorTestHarness<String, ContainerSample, ContainerSample> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new RatesFunction(Duration.ofSeconds(60), ttl)), ContainerSample::kafkaKey,
            Types.STRING);
    h.open();
    long t = 1_767_225_600_000L;
    h.setStateTtlProcessingTime(0);
    for (int c = 0; c < 50; c++) { // 50 containers that then stop
      h.processElement(Samples.sample(t, "n", "gone-" + c, Map.of("cpu.usage_us", 1.0)), t);
    }
    h.setStateTtlProcessingTime(ttl.toMillis() / 2);
    for (int c = 0; c < 10; c++) { // 10 that keep sending
      h.processElement(Samples.sample(t, "n", "alive-" + c, Map.of("cpu.usage_us", 1.0)), t);
    }
    assertEquals(60, h.numKeyedStateEntries());
    h.setStateTtlProcessingTime(ttl.toMillis() + 1); // the first 50 expired, the 10 not
    for (int s = 1; s <= 20; s++) {
      for (int c = 0; c < 10; c++) {
        h.processElement(Samples.sample(t + s * 1000L, "n", "alive-" + c, Map.of("cpu.usage_us", 1.0 + s)),
            t + s * 1000L);
      }
    }
    assertEquals(10, h.numKeyedStateEntries());
    h.close();
  }
}
