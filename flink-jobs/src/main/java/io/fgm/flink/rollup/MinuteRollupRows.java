package io.fgm.flink.rollup;

import io.fgm.schema.ContainerSample;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a container's aggregated minute into rollup rows ({@link RollupRows}), one per metric, in name order. */
public final class MinuteRollupRows
    extends ProcessWindowFunction<Tuple2<ContainerSample, Map<String, double[]>>, GenericRecord, String, TimeWindow> {
  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      String key,
      Context ctx,
      Iterable<Tuple2<ContainerSample, Map<String, double[]>>> aggregates,
      Collector<GenericRecord> out) {
    for (Tuple2<ContainerSample, Map<String, double[]>> a : aggregates) {
      ContainerSample id = a.f0;
      for (Map.Entry<String, double[]> e : new TreeMap<>(a.f1).entrySet()) {
        out.collect(RollupRows.row(ctx.window().getStart(), e.getKey(), e.getValue(), id.node(), id.container()));
      }
    }
  }
}
