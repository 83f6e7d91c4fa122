package io.fgm.launcher.study;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.MetricRows;
import io.fgm.schema.PartitionPath;
import io.fgm.schema.QosClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes a real store for the tests the way the Flink job lays it out: long-form MetricRow rows
 * ({@link MetricRows}), ZSTD Parquet, {@code dt=…/node=…/part-….parquet}.
 */
final class StoreWriter {
    private final Path root;
    private final List<GenericRecord> pending = new ArrayList<>();

    StoreWriter(Path root) {
        this.root = root;
    }

    static ContainerRef container(String id, String pod, String name) {
        return new ContainerRef(id, "uid-" + pod, QosClass.BURSTABLE, "/kubepods/" + id, false, pod,
                "shop", name);
    }

    /** Queues one row per second in [fromMs, toMs) where {@code value} is not NaN. */
    StoreWriter series(String node, ContainerRef c, String metric, long fromMs, long toMs,
            LongToDoubleFunction value) {
        for (long t = fromMs; t < toMs; t += 1000) {
            double v = value.applyAsDouble(t);
            if (!Double.isNaN(v)) {
                pending.add(MetricRows.row(t, metric, v, node, c));
            }
        }
        return this;
    }

    /** Writes the queued rows (one day, one node) to {@code fileName} in their partition. */
    Path write(String fileName) throws IOException {
        GenericRecord first = pending.get(0);
        Path dir = root.resolve(PartitionPath.of((Long) first.get(MetricRows.TIME),
                first.get(MetricRows.NODE_NAME).toString()));
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(
                        new LocalOutputFile(file))
                .withSchema(MetricRows.SCHEMA)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withDictionaryEncoding(true)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (GenericRecord r : pending) {
                w.write(r);
            }
        }
        pending.clear();
        return file;
    }
}
