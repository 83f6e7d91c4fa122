package io.fgm.flink.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The metric key layout of {@link ContainerSampleSerializer}, its snapshot versions and the old layout. */
class ContainerSampleSerializerFormatTest {
  private static final ContainerRef REF =
      new ContainerRef("abc123", "0f0e-11", QosClass.BURSTABLE, "/kubepods/burstable/pod0f0e_11/abc123", false,
          "web-0", "shop", "nginx");

  private static ContainerSample sample() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metric.CPU_USAGE_US.key(), 1.5e9);
    m.put(Metric.MEMORY_CURRENT_BYTES.key(), 4096.0);
    m.put(Metric.MEMORY_PGMAJFAULT_PER_S.key(), Double.NaN);
    m.put("gpu.future_metric", -2.25);
    m.put("another.unknown", Double.NaN);
    return new ContainerSample(1_700_000_000_000L, "node-a", REF, m);
  }

  private static byte[] write(TypeSerializer<ContainerSample> ser, ContainerSample s) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    ser.serialize(s, out);
    return out.getCopyOfBuffer();
  }

  private static ContainerSample read(TypeSerializer<ContainerSample> ser, byte[] b) throws IOException {
    return ser.deserialize(new DataInputDeserializer(b));
  }

  @Test
  void knownUnknownAndNanMetricsSurviveARoundTrip() throws Exception {
    ContainerSample s = sample();
    ContainerSample back = read(ContainerSampleSerializer.INSTANCE, write(ContainerSampleSerializer.INSTANCE, s));
    assertEquals(s, back); // Double.equals treats NaN as equal to NaN
    assertTrue(back.metrics().get("another.unknown").isNaN());
  }

  @Test
  void deserializedCatalogueKeysAreTheCataloguesOwnStrings() throws Exception {
    ContainerSample back =
        read(ContainerSampleSerializer.INSTANCE, write(ContainerSampleSerializer.INSTANCE, sample()));
    String key = back.metrics().keySet().stream()
        .filter(k -> k.equals(Metric.CPU_USAGE_US.key())).findFirst().orElseThrow();
    assertSame(Metric.CPU_USAGE_US.key(), key);
  }

  @Test
  void aKnownMetricTakesOneKeyByteAndItsDouble() throws Exception {
    ContainerSample none = new ContainerSample(5, "n", REF, Map.of());
    ContainerSample one = new ContainerSample(5, "n", REF, Map.of(Metric.MEMORY_PSS_SHMEM_BYTES.key(), 1.0));
    ContainerSample unknown = new ContainerSample(5, "n", REF, Map.of("x.y", 1.0));
    int base = write(ContainerSampleSerializer.INSTANCE, none).length;
    assertEquals(base + 1 + 8, write(ContainerSampleSerializer.INSTANCE, one).length);
    assertEquals(base + 1 + 2 + 3 + 8, write(ContainerSampleSerializer.INSTANCE, unknown).length);
  }

  /** The bytes of layout v1 as the serializer before 2026-11-25 wrote them: every name as UTF. */
  private static byte[] v1Bytes(ContainerSample s) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    ContainerRef c = s.container();
    out.writeLong(s.timestampMs());
    out.writeUTF(s.node());
    out.writeUTF(c.containerId());
    out.writeBoolean(true);
    out.writeUTF(c.podUid());
    out.writeByte(c.qos().ordinal());
    out.writeUTF(c.cgroupPath());
    out.writeBoolean(c.sandbox());
    out.writeBoolean(true);
    out.writeUTF(c.podName());
    out.writeBoolean(true);
    out.writeUTF(c.namespace());
    out.writeBoolean(true);
    out.writeUTF(c.containerName());
    out.writeInt(s.metrics().size());
    for (Map.Entry<String, Double> e : s.metrics().entrySet()) {
      out.writeUTF(e.getKey());
      out.writeDouble(e.getValue());
    }
    return out.getCopyOfBuffer();
  }

  /** A snapshot as an old checkpoint holds it: class name, SimpleTypeSerializerSnapshot's version 3, no payload. */
  private static TypeSerializerSnapshot<ContainerSample> oldCheckpointSnapshot() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF(ContainerSampleSerializer.Snapshot.class.getName());
    out.writeInt(3);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), loader());
  }

  private static ClassLoader loader() {
    return ContainerSampleSerializerFormatTest.class.getClassLoader();
  }

  @Test
  void stateOfAnOldCheckpointIsReadWithTheOldLayoutAndMigrated() throws Exception {
    TypeSerializerSnapshot<ContainerSample> old = oldCheckpointSnapshot();
    ContainerSample s = sample();
    assertEquals(s, read(old.restoreSerializer(), v1Bytes(s)));
    assertTrue(ContainerSampleSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old)
        .isCompatibleAfterMigration());
  }

  @Test
  void aSnapshotOfTheCurrentCatalogueIsCompatibleAsIs() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(2048);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, ContainerSampleSerializer.INSTANCE.snapshotConfiguration());
    TypeSerializerSnapshot<ContainerSample> restored = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), loader());
    assertSame(ContainerSampleSerializer.INSTANCE, restored.restoreSerializer());
    assertTrue(ContainerSampleSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(restored)
        .isCompatibleAsIs());
  }

  @Test
  void stateWrittenWithAnotherCatalogueOrderIsReadWithItsOwnKeyTable() throws Exception {
    List<String> reordered = Arrays.asList(ContainerSampleSerializer.CATALOGUE.clone());
    Collections.reverse(reordered);
    ContainerSampleSerializer older = ContainerSampleSerializer.withKeys(reordered.toArray(new String[0]));
    assertNotEquals(ContainerSampleSerializer.INSTANCE, older);
    byte[] state = write(older, sample());

    DataOutputSerializer out = new DataOutputSerializer(2048);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, older.snapshotConfiguration());
    TypeSerializerSnapshot<ContainerSample> restored = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), loader());

    assertEquals(sample(), read(restored.restoreSerializer(), state));
    assertNotEquals(sample(), read(ContainerSampleSerializer.INSTANCE, state), "the current table misreads them");
    assertTrue(ContainerSampleSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(restored)
        .isCompatibleAfterMigration());
  }

  @Test
  void aSnapshotVersionFromANewerBuildFailsWithAClearMessage() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF(ContainerSampleSerializer.Snapshot.class.getName());
    out.writeInt(99);
    IOException e = assertThrows(IOException.class, () -> TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), loader()));
    assertTrue(e.getMessage().contains("version 99"), e.getMessage());
  }

  @Test
  void aKeyByteOutsideTheTableIsAnErrorNotAWrongMetric() throws Exception {
    byte[] b = write(ContainerSampleSerializer.INSTANCE,
        new ContainerSample(5, "n", REF, Map.of(Metric.CPU_USAGE_US.key(), 1.0)));
    b[b.length - 9] = (byte) ContainerSampleSerializer.CATALOGUE.length; // the key byte before the double
    IOException e = assertThrows(IOException.class, () -> read(ContainerSampleSerializer.INSTANCE, b));
    assertTrue(e.getMessage().contains("outside the key table"), e.getMessage());
  }

  @Test
  void theSerializerSurvivesJavaSerializationAsFlinkShipsIt() throws Exception {
    ContainerSampleSerializer copy = InstantiationUtil.clone(ContainerSampleSerializer.INSTANCE);
    assertEquals(ContainerSampleSerializer.INSTANCE, copy);
    assertEquals(sample(), read(copy, write(copy, sample())));
  }
}
