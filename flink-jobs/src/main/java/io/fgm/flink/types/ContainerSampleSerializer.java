package io.fgm.flink.types;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link ContainerSample} between operators and in state: a flat binary layout written field by
 * field.
 *
 * <p>Why not Kryo: the sample is an immutable record holding an unmodifiable map, which Kryo can only rebuild by
 * reflection tricks; and why not the Avro wire codec: Avro's generic records cost an extra object graph per
 * sample. The sample is immutable, so copies between chained operators are free ({@link #isImmutableType()}).
 *
 * <p>Layout: time, node, container id, pod uid?, QoS ordinal, cgroup path, sandbox, pod name?, namespace?,
 * container name?, metric count, then per metric a key byte and the double value; {@code ?} marks a presence byte
 * before the string. The key byte is the metric's index in the catalogue table ({@link #keys}, the {@link Metric}
 * keys in ordinal order), or {@link #NAME_FOLLOWS} followed by the name as UTF for a metric the catalogue does not
 * know. A byte instead of a UTF name per value, and deserialized keys that are the catalogue's own strings (no new
 * String, cheap hash/equals downstream), were ~9 % of the rate operator's thread in a JFR profile (2026-11-25).
 *
 * <p>The table is part of the {@link Snapshot}, so state written before the catalogue was reordered or grew is read
 * with the table it was written with. Layout v1 (names as UTF for every metric, snapshot version 3 of Flink's
 * {@code SimpleTypeSerializerSnapshot}) is still read ({@link #legacyNames()}) and migrated on restore.
 */
public final class ContainerSampleSerializer extends TypeSerializer<ContainerSample> {
  private static final long serialVersionUID = 2L;
  private static final QosClass[] QOS = QosClass.values();
  /** Key byte of a metric whose name follows as UTF (unknown to the table). */
  static final int NAME_FOLLOWS = 0xFF;
  static final String[] CATALOGUE = catalogueKeys();

  public static final ContainerSampleSerializer INSTANCE = new ContainerSampleSerializer(CATALOGUE);
  private static final ContainerSampleSerializer LEGACY_NAMES = new ContainerSampleSerializer(null);

  static final ContainerSample EMPTY =
      new ContainerSample(0, "", ContainerRef.of("", null, QosClass.NONE, "/"), Map.of());

  /** Metric keys by key byte; null for layout v1 (every name written as UTF). */
  private final String[] keys;
  /** Key byte by metric ordinal of the current catalogue, or -1 when the table has no such key. */
  private final transient int[] byteOfOrdinal;

  private ContainerSampleSerializer(String[] keys) {
    this.keys = keys;
    this.byteOfOrdinal = byteOfOrdinal(keys);
  }

  /** The reader/writer of layout v1, for restoring state from checkpoints written before 2026-11-25. */
  static ContainerSampleSerializer legacyNames() {
    return LEGACY_NAMES;
  }

  /** A serializer for a given key table (a restored snapshot's). */
  static ContainerSampleSerializer withKeys(String[] keys) {
    return Arrays.equals(keys, CATALOGUE) ? INSTANCE : new ContainerSampleSerializer(keys.clone());
  }

  private static String[] catalogueKeys() {
    Metric[] all = Metric.values();
    if (all.length >= NAME_FOLLOWS) {
      throw new IllegalStateException("the metric catalogue has " + all.length + " entries; ContainerSampleSerializer "
          + "writes a metric's index as one byte (< " + NAME_FOLLOWS + "): widen the key to a short");
    }
    String[] k = new String[all.length];
    for (Metric m : all) {
      k[m.ordinal()] = m.key();
    }
    return k;
  }

  private static int[] byteOfOrdinal(String[] keys) {
    int[] b = new int[Metric.values().length];
    Arrays.fill(b, -1);
    if (keys != null) {
      for (int i = 0; i < keys.length; i++) {
        int idx = i;
        Metric.byKey(keys[i]).ifPresent(m -> b[m.ordinal()] = idx);
      }
    }
    return b;
  }

  private Object readResolve() {
    return keys == null ? LEGACY_NAMES : withKeys(keys);
  }

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<ContainerSample> duplicate() {
    return this; // stateless
  }

  @Override
  public ContainerSample createInstance() {
    return EMPTY;
  }

  @Override
  public ContainerSample copy(ContainerSample from) {
    return from;
  }

  @Override
  public ContainerSample copy(ContainerSample from, ContainerSample reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(ContainerSample s, DataOutputView out) throws IOException {
    ContainerRef c = s.container();
    out.writeLong(s.timestampMs());
    out.writeUTF(s.node());
    out.writeUTF(c.containerId());
    writeNullable(c.podUid(), out);
    out.writeByte(c.qos().ordinal());
    out.writeUTF(c.cgroupPath());
    out.writeBoolean(c.sandbox());
    writeNullable(c.podName(), out);
    writeNullable(c.namespace(), out);
    writeNullable(c.containerName(), out);
    out.writeInt(s.metrics().size());
    for (Map.Entry<String, Double> e : s.metrics().entrySet()) {
      String name = e.getKey();
      if (keys == null) {
        out.writeUTF(name);
      } else {
        int b = keyByte(name);
        out.writeByte(b);
        if (b == NAME_FOLLOWS) {
          out.writeUTF(name);
        }
      }
      out.writeDouble(e.getValue());
    }
  }

  private int keyByte(String name) {
    Metric m = Metric.byKey(name).orElse(null);
    int b = m == null ? -1 : byteOfOrdinal[m.ordinal()];
    return b < 0 ? NAME_FOLLOWS : b;
  }

  @Override
  public ContainerSample deserialize(DataInputView in) throws IOException {
    long ts = in.readLong();
    String node = in.readUTF();
    String containerId = in.readUTF();
    String podUid = readNullable(in);
    QosClass qos = QOS[in.readByte()];
    String cgroupPath = in.readUTF();
    boolean sandbox = in.readBoolean();
    String podName = readNullable(in);
    String namespace = readNullable(in);
    String containerName = readNullable(in);
    int n = in.readInt();
    // sized so that n entries never resize the table (load factor 0.75)
    Map<String, Double> metrics = new HashMap<>(n + (n + 2) / 3 + 1);
    for (int i = 0; i < n; i++) {
      String name;
      if (keys == null) {
        name = in.readUTF();
      } else {
        int b = in.readUnsignedByte();
        if (b == NAME_FOLLOWS) {
          name = in.readUTF();
        } else if (b < keys.length) {
          name = keys[b];
        } else {
          throw new IOException("ContainerSample metric key byte " + b + " is outside the key table of "
              + keys.length + " metrics: corrupt data or a serializer/layout mismatch");
        }
      }
      metrics.put(name, in.readDouble());
    }
    ContainerRef ref =
        new ContainerRef(containerId, podUid, qos, cgroupPath, sandbox, podName, namespace, containerName);
    return new ContainerSample(ts, node, ref, metrics);
  }

  @Override
  public ContainerSample deserialize(ContainerSample reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContainerSampleSerializer s && Arrays.equals(s.keys, keys);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(keys);
  }

  @Override
  public TypeSerializerSnapshot<ContainerSample> snapshotConfiguration() {
    return new Snapshot(keys);
  }

  private static void writeNullable(String s, DataOutputView out) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInputView in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  /**
   * Serializer snapshot for checkpoints and savepoints; layout changes must bump its version. Version 3 is the
   * snapshot of layout v1 (written by Flink's {@code SimpleTypeSerializerSnapshot}, which this class extended, with
   * no payload); version 4 holds the metric key table.
   */
  public static final class Snapshot implements TypeSerializerSnapshot<ContainerSample> {
    static final int NAMES_LAYOUT = 3;
    static final int KEY_TABLE_LAYOUT = 4;

    private int version;
    private String[] keys;

    /** For Flink's restore (instantiated by class name, then {@link #readSnapshot}). */
    public Snapshot() {
      this(CATALOGUE);
    }

    Snapshot(String[] keys) {
      this.keys = keys;
      this.version = keys == null ? NAMES_LAYOUT : KEY_TABLE_LAYOUT;
    }

    @Override
    public int getCurrentVersion() {
      return version;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      if (keys != null) {
        out.writeInt(keys.length);
        for (String k : keys) {
          out.writeUTF(k);
        }
      }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
      switch (readVersion) {
        case NAMES_LAYOUT -> keys = null;
        case KEY_TABLE_LAYOUT -> {
          String[] k = new String[in.readInt()];
          for (int i = 0; i < k.length; i++) {
            k[i] = in.readUTF();
          }
          keys = k;
        }
        default -> throw new IOException("ContainerSampleSerializer snapshot version " + readVersion
            + " is unknown to this build (it reads " + NAMES_LAYOUT + ", names as UTF, and " + KEY_TABLE_LAYOUT
            + ", metric key table): the checkpoint was written by a newer fgm job");
      }
      version = readVersion;
    }

    @Override
    public TypeSerializer<ContainerSample> restoreSerializer() {
      return keys == null ? LEGACY_NAMES : withKeys(keys);
    }

    @Override
    public TypeSerializerSchemaCompatibility<ContainerSample> resolveSchemaCompatibility(
        TypeSerializerSnapshot<ContainerSample> oldSnapshot) {
      if (!(oldSnapshot instanceof Snapshot old)) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      // same table: same bytes; otherwise read with the old table (or v1 names) and rewrite with ours
      return Arrays.equals(old.keys, keys)
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
  }
}
