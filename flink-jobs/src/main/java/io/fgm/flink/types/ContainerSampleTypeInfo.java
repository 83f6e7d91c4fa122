package io.fgm.flink.types;

import io.fgm.schema.ContainerSample;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information that makes Flink use {@link ContainerSampleSerializer} for {@link ContainerSample} streams. */
public final class ContainerSampleTypeInfo extends TypeInformation<ContainerSample> {
  private static final long serialVersionUID = 1L;
  public static final ContainerSampleTypeInfo INSTANCE = new ContainerSampleTypeInfo();
  /** A placeholder sample (time 0, no node, no metrics) for accumulators; never stored. */
  public static final ContainerSample EMPTY = ContainerSampleSerializer.EMPTY;

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<ContainerSample> getTypeClass() {
    return ContainerSample.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<ContainerSample> createSerializer(SerializerConfig config) {
    return ContainerSampleSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "ContainerSample";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof ContainerSampleTypeInfo;
  }

  @Override
  public int hashCode() {
    return ContainerSampleTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof ContainerSampleTypeInfo;
  }
}
