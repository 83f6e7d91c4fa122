package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.flink.testing.StoreReader;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.MetricRows;
import io.fgm.schema.QosClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link SortingRowCompactor}. */
class SortingRowCompactorTest {

  @Test
  void compaction_keeps_every_row_and_sorts_by_metric_container_and_time(@TempDir Path dir) throws Exception {
    ContainerRef a = ContainerRef.of("a", null, QosClass.BURSTABLE, "/a");
    ContainerRef b = ContainerRef.of("b", "uid-b", QosClass.GUARANTEED, "/b").withNames("pod-b", "ns", "app");
    List<org.apache.flink.core.fs.Path> inputs = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      Path file = dir.resolve("in-" + f + ".parquet");
      MetricRowWriter w = new MetricRowWriter(ParquetSettings.defaults().openRows(new LocalOutputFile(file)));
      for (int s = 1; s >= 0; s--) { // newest first, to show the sort
        long t = (f * 2 + s) * 1000L;
        w.addElement(new ContainerSample(t, "n", b, Map.of("cpu.usage_us", t + 1.0, "memory.current_bytes", 2.0)));
        w.addElement(new ContainerSample(t, "n", a, Map.of("cpu.usage_us", t + 0.5)));
      }
      w.finish();
      inputs.add(new org.apache.flink.core.fs.Path(file.toUri()));
    }
    Path out = dir.resolve("compacted.parquet");
    MetricRowWriter compacted = new MetricRowWriter(ParquetSettings.defaults().openRows(new LocalOutputFile(out)));
    new SortingRowCompactor().compact(inputs, compacted::addElement);
    compacted.finish();

    List<String> rows = new ArrayList<>();
    for (GenericRecord r : StoreReader.records(out)) {
      rows.add(r.get(MetricRows.METRIC_NAME) + " " + r.get(MetricRows.CONTAINER_ID) + " " + r.get(MetricRows.TIME)
          + " " + r.get(MetricRows.VALUE) + " " + r.get(MetricRows.POD_NAME));
    }
    List<String> expected = new ArrayList<>();
    for (long t = 0; t < 4000; t += 1000) {
      expected.add("cpu.usage_us a " + t + " " + (t + 0.5) + " null");
    }
    for (long t = 0; t < 4000; t += 1000) {
      expected.add("cpu.usage_us b " + t + " " + (t + 1.0) + " pod-b");
    }
    for (long t = 0; t < 4000; t += 1000) {
      expected.add("memory.current_bytes b " + t + " 2.0 pod-b");
    }
    assertEquals(expected, rows);
    assertEquals(12L, StoreReader.footer(out).getBlocks().stream().mapToLong(x -> x.getRowCount()).sum());
  }
}
