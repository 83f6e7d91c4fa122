package io.fgm.flink.rollup;

import io.fgm.flink.types.ContainerSampleTypeInfo;
import io.fgm.schema.ContainerSample;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Aggregates one container's samples in a window into {@link MetricStats} per metric, plus the container's latest
 * identity (labels may arrive late through enrichment, the latest wins). The identity is kept without its metrics,
 * so the window state holds one small map per container and minute, not the samples.
 */
public final class MinuteRollupAggregate
    implements AggregateFunction<ContainerSample, Tuple2<ContainerSample, Map<String, double[]>>,
        Tuple2<ContainerSample, Map<String, double[]>>> {
  private static final long serialVersionUID = 1L;

  /** Type of the accumulator and result: built-in serializers only, no Kryo. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final TypeInformation<Tuple2<ContainerSample, Map<String, double[]>>> TYPE =
      (TypeInformation) Types.TUPLE(
          ContainerSampleTypeInfo.INSTANCE, Types.MAP(Types.STRING, Types.PRIMITIVE_ARRAY(Types.DOUBLE)));

  @Override
  public Tuple2<ContainerSample, Map<String, double[]>> createAccumulator() {
    return Tuple2.of(ContainerSampleTypeInfo.EMPTY, new HashMap<>());
  }

  @Override
  public Tuple2<ContainerSample, Map<String, double[]>> add(
      ContainerSample s, Tuple2<ContainerSample, Map<String, double[]>> acc) {
    MetricStats.add(acc.f1, s.timestampMs(), s.metrics());
    if (s.timestampMs() >= acc.f0.timestampMs()) {
      acc.f0 = new ContainerSample(s.timestampMs(), s.node(), s.container(), Map.of());
    }
    return acc;
  }

  @Override
  public Tuple2<ContainerSample, Map<String, double[]>> getResult(Tuple2<ContainerSample, Map<String, double[]>> acc) {
    return acc;
  }

  @Override
  public Tuple2<ContainerSample, Map<String, double[]>> merge(
      Tuple2<ContainerSample, Map<String, double[]>> a, Tuple2<ContainerSample, Map<String, double[]>> b) {
    MetricStats.merge(a.f1, b.f1);
    if (b.f0.timestampMs() > a.f0.timestampMs()) {
      a.f0 = b.f0;
    }
    return a;
  }
}
