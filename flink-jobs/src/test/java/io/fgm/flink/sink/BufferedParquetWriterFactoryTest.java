package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.rollup.RollupRowWriteSupport;
import io.fgm.flink.rollup.RollupRowWriteSupportTest;
import io.fgm.flink.rollup.RollupRows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.junit.jupiter.api.Test;

/** The buffered factory writes the bytes flink-parquet's own factory writes, in far fewer writes to Flink's stream. */
class BufferedParquetWriterFactoryTest {
  /** A FileSink-like stream that counts the writes reaching it (each a system call on Flink's local stream). */
  static final class CountingStream extends FSDataOutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int writes;

    @Override
    public long getPos() {
      return bytes.size();
    }

    @Override
    public void write(int b) {
      writes++;
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes++;
      bytes.write(b, off, len);
    }

    @Override
    public void flush() {}

    @Override
    public void sync() {}

    @Override
    public void close() {}
  }

  private static CountingStream write(ParquetWriterFactory<GenericRecord> factory, List<GenericRecord> rows)
      throws IOException {
    CountingStream out = new CountingStream();
    BulkWriter<GenericRecord> w = factory.create(out);
    for (GenericRecord r : rows) {
      w.addElement(r);
    }
    w.flush();
    w.finish();
    return out;
  }

  @Test
  void writesTheSameBytesAsFlinkParquetsFactoryInFarFewerWrites() throws IOException {
    ParquetBuilder<GenericRecord> rollups =
        out -> RollupRowWriteSupport.open(out, RollupRows.SCHEMA, ParquetSettings.defaults());
    List<GenericRecord> rows = RollupRowWriteSupportTest.rows();
    CountingStream stock = write(new ParquetWriterFactory<>(rollups), rows);
    CountingStream buffered = write(new BufferedParquetWriterFactory<>(rollups), rows);
    assertArrayEquals(stock.bytes.toByteArray(), buffered.bytes.toByteArray());
    assertTrue(buffered.writes * 10 < stock.writes, buffered.writes + " writes buffered, " + stock.writes + " not");
  }

  @Test
  void aRawTierPartFileReachesFlinksStreamInFewWritesAndWhole() throws IOException {
    CountingStream out = new CountingStream();
    BulkWriter<io.fgm.schema.ContainerSample> w = new SampleRowWriterFactory(ParquetSettings.defaults()).create(out);
    io.fgm.schema.ContainerRef c =
        io.fgm.schema.ContainerRef.of("c1", null, io.fgm.schema.QosClass.BURSTABLE, "/c1");
    for (int i = 0; i < 100; i++) {
      w.addElement(new io.fgm.schema.ContainerSample(1000L * i, "n", c,
          java.util.Map.of("cpu.usage_us", 1000.0 * i, "memory.current_bytes", 4096.0 * i)));
    }
    w.finish();
    // a footer alone is thousands of one-byte writes when nothing buffers them
    assertTrue(out.writes < 50, out.writes + " writes");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("raw", ".parquet");
    try {
      java.nio.file.Files.write(file, out.bytes.toByteArray());
      assertEquals(100, io.fgm.flink.testing.StoreReader.records(file).size(), "the whole file, footer included");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }
}
