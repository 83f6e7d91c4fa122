package io.fgm.agent.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.agent.cgroup.MetricValues;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleCodec;
import io.fgm.schema.Schemas;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;

/**
 * Tests for {@link SampleEncoder}: its bytes are SampleCodec's, byte for byte, on random samples. One encoder is
 * shared by every try, as in the agent, so its string cache and buffer reuse are exercised too.
 */
class SampleEncoderTest {
  private static final SampleEncoder ENCODER = new SampleEncoder();
  private static final Metric[] METRICS = Metric.values();

  @Property(tries = 1000)
  void bytes_equal_sample_codec_for_agent_maps(@ForAll("agentSamples") ContainerSample s) {
    assertArrayEquals(SampleCodec.encode(s), ENCODER.encode(s));
  }

  @Property(tries = 600)
  void bytes_equal_sample_codec_for_any_map(@ForAll("anySamples") ContainerSample s) {
    assertArrayEquals(SampleCodec.encode(s), ENCODER.encode(s));
    assertEquals(s.kafkaKey(), ENCODER.key(s));
  }

  @Example
  void the_header_and_qos_order_written_in_as_constants_are_the_schemas() {
    byte[] codec = SampleCodec.encode(new ContainerSample(0, "", ContainerRef.of("", null, QosClass.NONE, ""),
        Map.of()));
    assertArrayEquals(Arrays.copyOf(codec, 10), SampleEncoder.HEADER, "single-object marker and fingerprint");
    Schema qos = Schemas.CONTAINER_SAMPLE_V1.getField("qos_class").schema();
    assertEquals(QosClass.values().length, SampleEncoder.QOS_INDEX.length);
    for (QosClass q : QosClass.values()) {
      assertEquals(qos.getEnumOrdinal(q.name()), SampleEncoder.QOS_INDEX[q.ordinal()], q.name());
    }
  }

  @Example
  void the_cached_key_follows_a_new_node_name_for_the_same_container() {
    ContainerRef ref = ContainerRef.of("c1", null, QosClass.NONE, "/c1");
    assertEquals("a/c1", ENCODER.key(new ContainerSample(1, "a", ref, Map.of())));
    assertEquals("b/c1", ENCODER.key(new ContainerSample(1, "b", ref, Map.of())));
  }

  @Example
  void bytes_stay_equal_after_the_string_cache_starts_over() {
    SampleEncoder encoder = new SampleEncoder();
    for (int i = 0; i < 10_000; i++) {
      ContainerSample s = new ContainerSample(i, "node-" + (i % 3),
          ContainerRef.of("c" + i, i % 2 == 0 ? null : "uid-" + i, QosClass.BURSTABLE, "/p/" + i),
          Map.of(Metric.CPU_USAGE_US.key(), (double) i, "custom." + i, -0.5));
      assertArrayEquals(SampleCodec.encode(s), encoder.encode(s), "sample " + i);
    }
  }

  /** Maps as the agent builds them: a random subset of the catalogue, values from counters to odd doubles. */
  @Provide
  Arbitrary<ContainerSample> agentSamples() {
    return sample(Arbitraries.longs().map(seed -> {
      Random r = new Random(seed);
      MetricValues v = new MetricValues();
      double[] odd = {0.0, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Long.MAX_VALUE, 1e-300, 0.37};
      for (Metric m : METRICS) {
        if (r.nextInt(4) > 0) {
          v.set(m, switch (r.nextInt(3)) {
            case 0 -> r.nextLong() >>> r.nextInt(64);
            case 1 -> odd[r.nextInt(odd.length)];
            default -> r.nextDouble() * 1e12;
          });
        }
      }
      return v.toMap();
    }));
  }

  @Provide
  Arbitrary<ContainerSample> anySamples() {
    Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(METRICS).map(Metric::key),
        Arbitraries.strings().all().ofMaxLength(40));
    Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles(),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
    Arbitrary<Map<String, Double>> metrics = Arbitraries.maps(key, value).ofMaxSize(100)
        .map(LinkedHashMap::new);
    return sample(metrics);
  }

  private static Arbitrary<ContainerSample> sample(Arbitrary<Map<String, Double>> metrics) {
    Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(80),
        Arbitraries.strings().alpha().numeric().withChars("-_./").ofMaxLength(160),
        Arbitraries.of("", "fgm-agent", "ñødé-ü", "\uD83D\uDE00 emoji", "a".repeat(64)));
    Arbitrary<String> optional = text.injectNull(0.3);
    Arbitrary<ContainerRef> ref = Combinators.combine(text, optional, Arbitraries.of(QosClass.class), text,
            Arbitraries.of(true, false), optional, optional, optional)
        .as(ContainerRef::new);
    Arbitrary<Long> time = Arbitraries.longs().edgeCases(c -> c.add(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
    return Combinators.combine(time, text, ref, metrics).as(ContainerSample::new);
  }

  @Example
  void an_empty_map_and_null_names_encode_like_sample_codec() throws Exception {
    for (QosClass q : QosClass.values()) {
      ContainerSample s = new ContainerSample(1_700_000_000_000L, "n", ContainerRef.of("id", null, q, "/x"),
          new MetricValues().toMap());
      byte[] mine = ENCODER.encode(s);
      assertArrayEquals(SampleCodec.encode(s), mine);
      assertEquals(s, SampleCodec.decode(mine));
    }
    List.of(0L, 63L, 64L, -64L, -65L, 8191L, 8192L).forEach(t -> {
      ContainerSample s = new ContainerSample(t, "n", ContainerRef.of("id", "u", QosClass.NONE, "/x"), Map.of());
      assertArrayEquals(SampleCodec.encode(s), ENCODER.encode(s));
    });
  }
}
