package io.fgm.flink.sink;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.io.api.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fgm's own row format for the raw tier's staging files: the hidden files that, with compaction on, only wait for
 * {@link SampleRowCompactor}. Why not Parquet: the compactor reads a staging file once, whole, while closing one
 * Parquet file per partition and writer subtask at every checkpoint (footer, a column chunk per metric column) was
 * 21 % of the operator thread (README, "round 3"). A staging file is never committed as-is while compaction is on
 * (see {@link RawTierSink}), so no other reader sees this format.
 *
 * <p>Layout (big-endian; varint = unsigned LEB128):
 *
 * <pre>
 * header:  "fgmS" (4 bytes), version (1 byte) = 1,
 *          varint column count n, per column: string name ({@link SampleRows#column}), byte stored decimals
 *          ({@link SampleRows#toStored}; -1 = the value's double bits)
 * row:     varint label ref r: 1..k = the label set defined as the r-th in this file, k + 1 = a new one, whose seven
 *          label strings ({@link SampleRows#LABEL_COLUMNS} order) follow; long time (ms);
 *          ceil(n / 64) longs of presence bits (bit i = column i has a value); per present column, in column order,
 *          a long: the stored scaled integer or the double's bits
 * trailer: varint 0, long row count
 * string:  varint (UTF-8 length + 1), 0 = null; then the bytes
 * </pre>
 *
 * <p>The header names its columns, so a reader whose catalogue gained, lost or reordered metrics still reads the
 * values into the right columns. A file without its trailer (truncated) or with a bad reference, length or count is
 * rejected with an error naming the file and the byte offset. No compression: the files live one compaction unit on
 * local disk or S3, and ZSTD at any level costs more CPU than writing the bytes (the Parquet staging files used
 * level 1).
 */
final class StagingRows {
  static final byte[] MAGIC = {'f', 'g', 'm', 'S'};
  static final byte VERSION = 1;
  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final Logger LOG = LoggerFactory.getLogger(StagingRows.class);

  private StagingRows() {}

  /** One column of a staging file: the metric key it is read from, its column name and stored decimals. */
  record Column(String key, String name, int decimals) {}

  /** The catalogue's metric columns, in catalogue order: what the job writes. */
  static List<Column> catalogueColumns() {
    List<Column> c = new ArrayList<>();
    for (Metric m : Metric.values()) {
      c.add(new Column(m.key(), SampleRows.column(m), m.decimals()));
    }
    return c;
  }

  /**
   * Appends every row of {@code path}, a raw-tier staging file in either format (this one, or Parquet as written
   * before 2026-11-25 and still pending in older checkpoints), to {@code rows}; the format is told by the magic
   * bytes.
   */
  static void readAnyInto(Path path, SampleRowBuffer rows) throws IOException {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = path.getFileSystem().open(path)) {
      n = in.readNBytes(head, 0, 4);
    }
    if (n == 4 && Arrays.equals(head, MAGIC)) {
      readInto(path, rows);
    } else if (n == 4 && Arrays.equals(head, PARQUET_MAGIC)) {
      StagedSampleReader.readInto(path, rows);
    } else {
      throw new IOException("not a raw-tier staging file (neither fgm staging rows nor Parquet): " + path
          + " starts with " + Arrays.toString(Arrays.copyOf(head, n)));
    }
  }

  /** Appends every row of {@code path}, a staging file of this format, to {@code rows}. */
  static void readInto(Path path, SampleRowBuffer rows) throws IOException {
    FileSystem fs = path.getFileSystem();
    long length = fs.getFileStatus(path).getLen();
    if (length > Integer.MAX_VALUE - 16) {
      throw new IOException("staging file " + path + " is " + length + " bytes, more than one compaction can hold");
    }
    byte[] bytes;
    try (InputStream in = fs.open(path)) {
      bytes = in.readNBytes((int) length);
    }
    if (bytes.length != length) {
      throw new IOException("staging file " + path + ": read " + bytes.length + " of its " + length + " bytes");
    }
    new Reader(path, bytes).readInto(rows);
  }

  /** Parses one file's bytes; every malformed or missing byte is an IOException naming the file and the offset. */
  private static final class Reader {
    private static final Map<String, Integer> ORDINALS = new HashMap<>();

    static {
      for (Metric m : Metric.values()) {
        ORDINALS.put(SampleRows.column(m), m.ordinal());
      }
    }

    private final Path path;
    private final byte[] b;
    private int pos;

    Reader(Path path, byte[] bytes) {
      this.path = path;
      this.b = bytes;
    }

    void readInto(SampleRowBuffer rows) throws IOException {
      need(MAGIC.length + 1, "header");
      if (!Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
        throw corrupt("no fgm staging magic");
      }
      pos = MAGIC.length;
      if (b[pos] != VERSION) {
        throw corrupt("version " + b[pos] + " (this reader knows " + VERSION + ")");
      }
      pos++;
      int n = varint("column count");
      int[] ordinal = new int[n];
      int[] decimals = new int[n];
      List<String> unknown = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = string("column name");
        if (name == null) {
          throw corrupt("column " + i + " has no name");
        }
        need(1, "decimals of column " + name);
        decimals[i] = b[pos++];
        if (decimals[i] < Metric.FLOATING || decimals[i] > 6) {
          throw corrupt("column " + name + " has " + decimals[i] + " decimals");
        }
        ordinal[i] = ORDINALS.getOrDefault(name, -1);
        if (ordinal[i] < 0) {
          unknown.add(name);
        }
      }
      int words = (n + 63) / 64;
      long lastWordMask = n % 64 == 0 ? -1L : (1L << (n % 64)) - 1;
      List<Integer> labelSets = new ArrayList<>(); // file's label ref - 1 → the buffer's label-set id
      Binary[] labels = new Binary[SampleRow.LABELS];
      long dropped = 0;
      long count = 0;
      while (true) {
        int rowStart = pos;
        int ref = varint("label reference of row " + count);
        if (ref == 0) {
          break;
        }
        if (ref == labelSets.size() + 1) {
          for (int i = 0; i < labels.length; i++) {
            String s = string("label " + SampleRows.LABEL_COLUMNS.get(i) + " of row " + count);
            labels[i] = s == null ? null : Binary.fromString(s);
          }
          labelSets.add(rows.labelSetId(labels));
        } else if (ref > labelSets.size()) {
          throw corrupt("row " + count + " at byte " + rowStart + " refers to label set " + ref + ", but only "
              + labelSets.size() + " are defined before it");
        }
        int r = rows.reserve(1);
        rows.labelSet(r, labelSets.get(ref - 1));
        need(8 + 8 * words, "time and presence bits of row " + count);
        rows.time(r, (long) LONGS.get(b, pos));
        pos += 8;
        int wordsAt = pos;
        pos += 8 * words;
        for (int w = 0; w < words; w++) {
          long bits = (long) LONGS.get(b, wordsAt + 8 * w);
          if (w == words - 1 && (bits & ~lastWordMask) != 0) {
            throw corrupt("row " + count + " at byte " + rowStart + " marks columns beyond the header's " + n);
          }
          need(8 * Long.bitCount(bits), "values of row " + count);
          while (bits != 0) {
            int i = 64 * w + Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            long raw = (long) LONGS.get(b, pos);
            pos += 8;
            if (ordinal[i] < 0) {
              dropped++;
            } else {
              rows.value(ordinal[i], r,
                  decimals[i] == Metric.FLOATING ? Double.longBitsToDouble(raw) : SampleRows.fromStored(raw, decimals[i]));
            }
          }
        }
        count++;
      }
      need(8, "row count of the trailer");
      long written = (long) LONGS.get(b, pos);
      pos += 8;
      if (written != count) {
        throw corrupt("trailer says " + written + " rows, the file holds " + count);
      }
      if (pos != b.length) {
        throw corrupt((b.length - pos) + " bytes after the trailer");
      }
      if (!unknown.isEmpty()) {
        // A column the catalogue no longer has: like the Parquet path, which reads only catalogue columns.
        LOG.warn("staging file {} has columns the catalogue does not know, {} values dropped: {}", path, dropped,
            unknown);
      }
    }

    private int varint(String what) throws IOException {
      int v = 0;
      for (int shift = 0; shift < 32; shift += 7) {
        need(1, what);
        byte x = b[pos++];
        v |= (x & 0x7f) << shift;
        if (x >= 0) {
          if (v < 0) {
            break;
          }
          return v;
        }
      }
      throw corrupt("bad varint for the " + what + " before byte " + pos);
    }

    private String string(String what) throws IOException {
      int len = varint("length of the " + what);
      if (len == 0) {
        return null;
      }
      need(len - 1, what);
      String s = new String(b, pos, len - 1, StandardCharsets.UTF_8);
      pos += len - 1;
      return s;
    }

    private void need(int n, String what) throws IOException {
      if (n < 0 || pos + n > b.length) {
        throw new IOException("truncated staging file " + path + ": the " + what + " at byte " + pos + " needs "
            + n + " bytes, the file has " + b.length);
      }
    }

    private IOException corrupt(String what) {
      return new IOException("corrupt staging file " + path + ": " + what);
    }
  }

  /**
   * Writes one staging file: the header on the first sample (a writer that gets none writes nothing: FileSink opens
   * the compacted file through this writer and finishes it after the compactor wrote the whole Parquet file), a row
   * per sample, the trailer in {@link #finish}. Encodes into its own buffer with {@link VarHandle} stores and hands
   * the stream 64 KiB at a time: Flink's local stream makes each write a {@code write(2)}.
   */
  static final class Writer implements BulkWriter<ContainerSample> {
    private static final int BUFFER = 64 << 10;

    private final OutputStream out;
    private final String[] keys;
    private final int[] decimals;
    private final int words;
    private final byte[] header;
    private final double[] values;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private long rows;
    private final Map<LabelKey, Integer> labelRefs = new HashMap<>();
    private ContainerRef lastContainer;
    private String lastNode;
    private int lastRef;

    Writer(OutputStream out) {
      this(out, catalogueColumns());
    }

    /** A writer of {@code columns} (tests: files of another catalogue). */
    Writer(OutputStream out, List<Column> columns) {
      this.out = out;
      int n = columns.size();
      keys = new String[n];
      decimals = new int[n];
      words = (n + 63) / 64;
      values = new double[n];
      java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
      h.writeBytes(MAGIC);
      h.write(VERSION);
      byte[] tmp = new byte[5];
      h.write(tmp, 0, varint(tmp, 0, n));
      for (int i = 0; i < n; i++) {
        Column c = columns.get(i);
        keys[i] = c.key();
        decimals[i] = c.decimals();
        byte[] name = c.name().getBytes(StandardCharsets.UTF_8);
        h.write(tmp, 0, varint(tmp, 0, name.length + 1));
        h.writeBytes(name);
        h.write(c.decimals());
      }
      header = h.toByteArray();
    }

    @Override
    public void addElement(ContainerSample s) throws IOException {
      if (rows == 0) {
        put(header);
      }
      boolean newLabels = false;
      if (s.container() != lastContainer || !s.node().equals(lastNode)) {
        LabelKey key = new LabelKey(s.container(), s.node());
        Integer ref = labelRefs.get(key);
        if (ref == null) {
          ref = labelRefs.size() + 1;
          labelRefs.put(key, ref);
          newLabels = true;
        }
        lastContainer = s.container();
        lastNode = s.node();
        lastRef = ref;
      }
      ensure(5);
      pos = varint(buf, pos, lastRef);
      if (newLabels) {
        ContainerRef c = s.container();
        for (String l : new String[] {c.containerId(), c.podUid(), c.podName(), c.namespace(), c.containerName(),
            c.qos().label(), s.node()}) {
          putString(l);
        }
      }
      Map<String, Double> metrics = s.metrics();
      for (int i = 0; i < keys.length; i++) {
        Double v = metrics.get(keys[i]);
        values[i] = v == null ? Double.NaN : v;
      }
      ensure(8 + 8 * words + 8 * keys.length);
      byte[] b = buf;
      int p = pos;
      LONGS.set(b, p, s.timestampMs());
      p += 8;
      int wordsAt = p;
      p += 8 * words;
      long bits = 0;
      for (int i = 0; i < keys.length; i++) {
        double v = values[i];
        if (Double.isNaN(v)) {
          // absent or NaN: null
        } else if (decimals[i] == Metric.FLOATING) {
          LONGS.set(b, p, Double.doubleToRawLongBits(v));
          p += 8;
          bits |= 1L << i;
        } else {
          long stored = SampleRows.toStored(v, decimals[i]);
          if (stored == SampleRows.UNREPRESENTABLE) {
            SampleRowWriteSupport.unrepresentable(keys[i], decimals[i], v);
          } else {
            LONGS.set(b, p, stored);
            p += 8;
            bits |= 1L << i;
          }
        }
        if ((i & 63) == 63 || i == keys.length - 1) {
          LONGS.set(b, wordsAt + 8 * (i >> 6), bits);
          bits = 0;
        }
      }
      pos = p;
      rows++;
    }

    private void putString(String s) throws IOException {
      if (s == null) {
        ensure(1);
        buf[pos++] = 0;
        return;
      }
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      ensure(5 + bytes.length);
      pos = varint(buf, pos, bytes.length + 1);
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      pos += bytes.length;
    }

    @Override
    public void flush() throws IOException {
      drain();
      out.flush();
    }

    @Override
    public void finish() throws IOException {
      if (rows == 0) {
        return;
      }
      ensure(5 + 8);
      pos = varint(buf, pos, 0);
      LONGS.set(buf, pos, rows);
      pos += 8;
      drain();
      out.flush();
    }

    private void put(byte[] bytes) throws IOException {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      pos += bytes.length;
    }

    private void ensure(int n) throws IOException {
      if (pos + n > buf.length) {
        drain();
        if (n > buf.length) {
          buf = new byte[n];
        }
      }
    }

    private void drain() throws IOException {
      if (pos > 0) {
        out.write(buf, 0, pos);
        pos = 0;
      }
    }
  }

  /** Writes {@code v} as a varint at {@code p}; returns the position after it. */
  static int varint(byte[] b, int p, int v) {
    while ((v & ~0x7f) != 0) {
      b[p++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }

  /** A container and node as a label-set key of one file. */
  private record LabelKey(ContainerRef container, String node) {}
}
