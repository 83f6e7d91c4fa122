package io.fgm.flink.types;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.QosClass;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link ContainerSample} between operators: a flat binary layout written field by field.
 *
 * <p>Why not Kryo: the sample is an immutable record holding an unmodifiable map, which Kryo can only rebuild by
 * reflection tricks; and why not the Avro wire codec: Avro's generic records cost an extra object graph per
 * sample. The sample is immutable, so copies between chained operators are free ({@link #isImmutableType()}).
 *
 * <p>Layout v1: time, node, container id, pod uid?, QoS ordinal, cgroup path, sandbox, pod name?, namespace?,
 * container name?, metric count, then (name, value) pairs; {@code ?} marks a presence byte before the string.
 */
public final class ContainerSampleSerializer extends TypeSerializerSingleton<ContainerSample> {
  private static final long serialVersionUID = 1L;
  public static final ContainerSampleSerializer INSTANCE = new ContainerSampleSerializer();
  private static final QosClass[] QOS = QosClass.values();
  static final ContainerSample EMPTY =
      new ContainerSample(0, "", ContainerRef.of("", null, QosClass.NONE, "/"), Map.of());

  @Override
  public boolean isImmutableType() {
    return true;
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
      out.writeUTF(e.getKey());
      out.writeDouble(e.getValue());
    }
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
    Map<String, Double> metrics = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      metrics.put(in.readUTF(), in.readDouble());
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
  public TypeSerializerSnapshot<ContainerSample> snapshotConfiguration() {
    return new Snapshot();
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

  /** Serializer snapshot for checkpoints and savepoints; layout changes must bump its version. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ContainerSample> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
