package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The hand-walked decoder for the current schema must agree with Avro's generic reader on every input. */
class SampleCodecFastPathTest {

  /** A random sample: known and unknown metric names, optional fields null or set, any QoS, any sandbox flag. */
  static ContainerSample randomSample(Random rnd) {
    Metric[] all = Metric.values();
    Map<String, Double> m = new HashMap<>();
    int known = rnd.nextInt(all.length + 1);
    for (int i = 0; i < known; i++) {
      m.put(all[rnd.nextInt(all.length)].key(), rnd.nextDouble() * 1e12);
    }
    int unknown = rnd.nextInt(4);
    for (int i = 0; i < unknown; i++) {
      m.put("custom_" + Integer.toHexString(rnd.nextInt()) + (rnd.nextBoolean() ? "_µs" : ""), -rnd.nextDouble());
    }
    QosClass[] q = QosClass.values();
    ContainerRef ref =
        new ContainerRef(
            Long.toHexString(rnd.nextLong()),
            rnd.nextBoolean() ? null : "uid-" + rnd.nextInt(),
            q[rnd.nextInt(q.length)],
            "/kubepods.slice/c" + rnd.nextInt(1000) + ".scope",
            rnd.nextBoolean(),
            rnd.nextBoolean() ? null : "pod-" + rnd.nextInt(100),
            rnd.nextBoolean() ? null : "ns",
            rnd.nextBoolean() ? null : "ctr");
    return new ContainerSample(rnd.nextLong(), "worker-" + rnd.nextInt(10), ref, m);
  }

  @Property(tries = 500)
  void fastAndGenericPathsDecodeRandomSamplesToEqualSamples(@ForAll @LongRange long seed) throws Exception {
    ContainerSample s = randomSample(new Random(seed));
    byte[] bytes = SampleCodec.encode(s);
    assertTrue(SampleCodec.isCurrentSchema(bytes));
    ContainerSample fast = SampleCodec.decodeCurrent(bytes);
    assertEquals(SampleCodec.decodeGeneric(bytes), fast);
    assertEquals(s, fast);
  }

  @Test
  void everyQosClassAndSandboxFlagDecodesIdenticallyOnBothPaths() throws Exception {
    for (QosClass q : QosClass.values()) {
      for (boolean sandbox : new boolean[] {false, true}) {
        ContainerSample s =
            new ContainerSample(1L, "n", new ContainerRef("c", null, q, "/p", sandbox, null, null, null), Map.of("x", 1.0));
        byte[] bytes = SampleCodec.encode(s);
        assertEquals(SampleCodec.decodeGeneric(bytes), SampleCodec.decodeCurrent(bytes));
        assertEquals(q, SampleCodec.decode(bytes).container().qos());
        assertEquals(sandbox, SampleCodec.decode(bytes).container().sandbox());
      }
    }
  }

  @Test
  void knownMetricKeysComeBackAsTheCataloguesOwnStringInstances() throws Exception {
    Map<String, Double> m = new HashMap<>();
    for (Metric metric : Metric.values()) {
      m.put(new String(metric.key()), 1.0); // distinct instances on the encoding side
    }
    m.put("not_in_catalogue", 2.0);
    ContainerSample back = SampleCodec.decode(SampleCodec.encode(new ContainerSample(1L, "n",
        ContainerRef.of("c", null, null, "/p"), m)));
    for (String k : back.metrics().keySet()) {
      if (k.equals("not_in_catalogue")) {
        assertFalse(Metric.byKey(k).isPresent());
      } else {
        assertSame(Metric.byKey(k).orElseThrow().key(), k, k);
      }
    }
    assertEquals(m, back.metrics());
  }

  @Test
  void everyTruncationOfAValidRecordIsRejectedWithAReason() {
    byte[] bytes = SampleCodec.encode(SampleCodecTest.golden());
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      SampleDecodeException e = assertThrows(SampleDecodeException.class, () -> SampleCodec.decode(cut), "length " + len);
      String expected = len == 0 ? "empty" : len < 10 ? "bad-header" : "corrupt";
      assertEquals(expected, e.reason(), "length " + len + ": " + e.getMessage());
    }
  }

  @Test
  void truncationsInsideTheBodyGiveTheSameReasonOnBothPaths() {
    byte[] bytes = SampleCodec.encode(SampleCodecTest.golden());
    for (int len = 10; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      SampleDecodeException fast = assertThrows(SampleDecodeException.class, () -> SampleCodec.decodeCurrent(cut));
      SampleDecodeException generic = assertThrows(SampleDecodeException.class, () -> SampleCodec.decodeGeneric(cut));
      assertEquals(generic.reason(), fast.reason(), "length " + len);
      // The generic reader hides EOF inside "Decoding datum failed"; the fast path names the truncation.
      assertEquals("truncated record (" + len + " bytes)", fast.getMessage());
    }
  }

  @Property(tries = 300)
  void randomBodiesGiveTheSameOutcomeOnBothPaths(@ForAll byte[] tail) {
    byte[] bytes = Arrays.copyOf(SampleCodec.encode(SampleCodecTest.golden()), 10 + tail.length);
    System.arraycopy(tail, 0, bytes, 10, tail.length);
    String fast = outcome(() -> SampleCodec.decodeCurrent(bytes));
    String generic = outcome(() -> SampleCodec.decodeGeneric(bytes));
    assertEquals(generic.startsWith("ok:"), fast.startsWith("ok:"), fast + " vs " + generic);
    if (fast.startsWith("ok:")) {
      assertEquals(generic, fast);
    }
  }

  private interface Decode {
    ContainerSample run() throws SampleDecodeException;
  }

  private static String outcome(Decode d) {
    try {
      return "ok:" + d.run();
    } catch (SampleDecodeException e) {
      return "err:" + e.reason();
    }
  }
}
