package io.fgm.flink.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.flink.testing.Samples;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.CounterRates;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The rate operator's output: the raw metrics with the rates over them, across a counter reset. */
class RatesFunctionTest {
  @Test
  void emitsTheRawMetricsWithTheRatesAcrossAResetAndTheComputedRateOverAnAgentsOwn() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, ContainerSample, ContainerSample> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new RatesFunction(Duration.ofSeconds(60), Duration.ofMinutes(15))),
            ContainerSample::kafkaKey, Types.STRING);
    h.open();
    long t = 1_767_225_600_000L;
    List<Map<String, Double>> in = List.of(
        Map.of("cpu.usage_us", 1e6, "io.read_bytes", 100.0, "memory.usage_bytes", 5e8),
        Map.of("cpu.usage_us", 1.5e6, "io.read_bytes", 300.0, "memory.usage_bytes", 5e8),
        Map.of("cpu.usage_us", 2e5, "io.read_bytes", 400.0, "memory.usage_bytes", 6e8), // CPU counter reset
        Map.of("cpu.usage_us", 4e5, "io.read_bytes", 400.0, "cpu.usage_millicores", 999.0)); // agent's own rate
    for (int i = 0; i < in.size(); i++) {
      h.processElement(Samples.sample(t + i * 1000L, "n", "c", in.get(i)), t + i * 1000L);
    }
    List<ContainerSample> out = h.extractOutputValues();
    assertEquals(4, out.size());
    assertEquals(in.get(0), out.get(0).metrics()); // first sample: no rates
    for (int i = 1; i < in.size(); i++) {
      Map<String, Double> expected = new HashMap<>(in.get(i));
      expected.putAll(CounterRates.derive(CounterRates.snapshot(in.get(i - 1)), t + (i - 1) * 1000L,
          CounterRates.snapshot(in.get(i)), t + i * 1000L, 60_000));
      assertEquals(expected, out.get(i).metrics(), "sample " + i);
    }
    assertEquals(500.0, out.get(1).metrics().get("cpu.usage_millicores"));
    assertEquals(null, out.get(2).metrics().get("cpu.usage_millicores")); // reset: no rate
    assertEquals(100.0, out.get(2).metrics().get("io.read_bytes_per_s"));
    assertEquals(200.0, out.get(3).metrics().get("cpu.usage_millicores")); // the derived value wins
    assertEquals(in.get(3).size() + 1, out.get(3).metrics().size()); // + io.read_bytes_per_s
    h.close();
  }
}
