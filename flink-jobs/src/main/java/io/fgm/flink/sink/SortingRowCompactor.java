package io.fgm.flink.sink;

import io.fgm.schema.ContainerSample;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * FileSink compactor of the raw tier: reads all the small files of a partition, and hands their rows to the
 * compacted file's writer sorted by (metric, container, time) ({@link RowBuffer}), one single-metric sample per row.
 * Sorting is what makes the compacted files small: rows arrive sample by sample, interleaving every series, and are
 * stored series by series.
 *
 * <p>Why a record-wise compactor: with a bulk format, FileSink opens the compacted file through the format's own
 * writer, so a compactor that wrote Parquet bytes to the stream itself would get a second, empty footer appended.
 *
 * <p>Memory: the rows of one compaction unit (one partition's files since the last compaction) are held
 * column-wise, about 24 bytes a row; for 100 containers × 50 metrics × 60 s that is 7 MB.
 */
final class SortingRowCompactor extends RecordWiseFileCompactor<ContainerSample> {
  private static final long serialVersionUID = 1L;

  SortingRowCompactor() {
    super(path -> {
      throw new UnsupportedOperationException("compact() reads the files itself");
    });
  }

  @Override
  public void compact(List<Path> inputFiles, Writer<ContainerSample> writer) throws Exception {
    RowBuffer rows = new RowBuffer();
    for (Path in : inputFiles) {
      try (ParquetReader<GenericRecord> reader = GenericRowReader.open(in)) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          rows.add(r);
        }
      }
    }
    rows.forEachSorted((ref, node, time, metric, value) ->
        writer.write(new ContainerSample(time, node, ref, Map.of(metric, value))));
  }
}
