package io.fgm.query.store;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads the raw tier's wide Parquet files ({@link SampleRows}: one row per container and second, the label columns,
 * one nullable {@code DOUBLE} column per catalogue metric, null = not collected) column by column
 * ({@link ColumnScan}). Reading one metric projects {@code time}, {@code l_container_id} and that metric's column and
 * skips the rows where it is null; the predicate (metric not null, time range, container ids) lets parquet-java drop
 * row groups by statistics, dictionary and bloom filter and, in files sorted by (container, node, time), the pages of
 * other containers and times by column index. Rows are never assembled into records.
 *
 * <p>A file that is not a SampleRow file — the long-form layout written before it (a {@code metric_name} column), or
 * anything without {@code time} and {@code l_container_id} — is refused with a {@link LayoutException} before a
 * value is read, never misread. A metric column the file lacks (a catalogue older than the metric) reads as null.
 */
public final class SampleRowFiles {
  /** The long-form layout's name column: a file having it is from before the wide layout. */
  static final String LONG_FORM_NAME_COLUMN = "metric_name";

  private static final Metric[] CATALOGUE = Metric.values();
  private static final String[] METRIC_COLUMNS = new String[CATALOGUE.length];
  private static final int WORDS = (CATALOGUE.length + 63) / 64;
  /** pod uid, pod name, namespace, container name, qos, node: the label columns after the id. */
  private static final List<String> LABELS = SampleRows.LABEL_COLUMNS.subList(1, SampleRows.LABEL_COLUMNS.size());
  private static final List<String> SUMMARY_COLUMNS;

  static {
    List<String> cols = new ArrayList<>();
    cols.add(SampleRows.TIME);
    cols.addAll(SampleRows.LABEL_COLUMNS);
    for (Metric m : CATALOGUE) {
      METRIC_COLUMNS[m.ordinal()] = SampleRows.column(m);
      cols.add(SampleRows.column(m));
    }
    SUMMARY_COLUMNS = List.copyOf(cols);
  }

  private SampleRowFiles() {}

  /** Why a file was refused: it is not in the wide SampleRow layout. The message says what it is instead. */
  public static final class LayoutException extends IOException {
    public LayoutException(String message) {
      super(message);
    }
  }

  /** Receives the rows of a series read. */
  @FunctionalInterface
  public interface ValueSink {
    void accept(String containerId, long timeMs, double value);
  }

  /** Receives the rows of several metrics read in one pass. */
  @FunctionalInterface
  public interface MetricValueSink {
    void accept(String metric, String containerId, long timeMs, double value);
  }

  /**
   * Refuses a file that is not a SampleRow file: checked on the footer before any page is read, so an old long-form
   * file can never be read as wide rows (its {@code value} column would otherwise just look like no metric at all).
   */
  static void check(MessageType schema) throws LayoutException {
    if (schema.containsField(LONG_FORM_NAME_COLUMN)) {
      throw new LayoutException("a long-form MetricRow file (it has a " + LONG_FORM_NAME_COLUMN
          + " column), the raw tier's layout before the wide SampleRow rows");
    }
    requirePrimitive(schema, SampleRows.TIME, PrimitiveType.PrimitiveTypeName.INT64, true);
    requirePrimitive(schema, SampleRows.CONTAINER_ID, PrimitiveType.PrimitiveTypeName.BINARY, true);
    for (String label : LABELS) {
      requirePrimitive(schema, label, PrimitiveType.PrimitiveTypeName.BINARY, false);
    }
    for (String column : METRIC_COLUMNS) {
      if (schema.containsField(column) && schema.getType(column).isPrimitive()
          && schema.getType(column).asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64) {
        requirePrimitive(schema, column, PrimitiveType.PrimitiveTypeName.INT64, false);
      } else { // files written before 2026-11-25 store every metric as a double
        requirePrimitive(schema, column, PrimitiveType.PrimitiveTypeName.DOUBLE, false);
      }
    }
  }

  /** How a metric column of a file stores its values ({@link SampleRows#storedDecimals}). */
  static int storedDecimals(ColumnReader column) {
    PrimitiveType t = column.getDescriptor().getPrimitiveType();
    return SampleRows.storedDecimals(t.getName(), t.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.DOUBLE,
        t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
            ? d.getScale() : null);
  }

  /** The current value of {@code column} (defined), whatever its storage. */
  private static double value(ColumnReader column, int decimals) {
    return decimals == Metric.FLOATING ? column.getDouble() : SampleRows.fromStored(column.getLong(), decimals);
  }

  /**
   * "Has a value" for a metric column: the predicate's column type must be the file's, so it is stated for the
   * current layout (a 64-bit integer unless the metric is {@link Metric#FLOATING}) or, for files written before
   * 2026-11-25, for doubles.
   */
  private static FilterPredicate hasValue(String column, boolean doubles) {
    boolean integer = !doubles && SampleRows.metricOf(column).map(Metric::decimals).orElse(Metric.FLOATING)
        != Metric.FLOATING;
    return integer ? FilterApi.notEq(FilterApi.longColumn(column), null)
        : FilterApi.notEq(FilterApi.doubleColumn(column), null);
  }

  /** One scan of a file whose predicate names metric columns, stated for doubles or for the current layout. */
  private interface TypedScan {
    void run(boolean doubles) throws IOException;
  }

  /**
   * Runs {@code scan} for the current layout and, when parquet-java refuses the predicate because the file stores its
   * metrics as doubles (a file from before 2026-11-25: checked when the file is opened, before any row is read), once
   * more for doubles. Only old files pay the second open.
   */
  private static void scanEitherLayout(TypedScan scan) throws IOException {
    try {
      scan.run(false);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null || !e.getMessage().contains("does not match the schema found in file metadata")) {
        throw e;
      }
      scan.run(true);
    }
  }

  private static void requirePrimitive(MessageType schema, String column, PrimitiveType.PrimitiveTypeName type,
      boolean required) throws LayoutException {
    if (!schema.containsField(column)) {
      if (required) {
        throw new LayoutException("not a SampleRow file: no column " + column);
      }
      return;
    }
    Type t = schema.getType(column);
    if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)
        || (required && !t.isRepetition(Type.Repetition.REQUIRED)) // every row has a time and a container
        || t.asPrimitiveType().getPrimitiveTypeName() != type) {
      throw new LayoutException("not a SampleRow file: column " + column + " is " + t + ", expected " + type);
    }
  }

  /** Reads the label and metric columns of the whole file once and condenses them per container. */
  public static FileSummary summarize(Path file, long sizeBytes, long modifiedMs) throws IOException {
    return summarize(new LocalInputFile(file), file, sizeBytes, modifiedMs);
  }

  /**
   * As {@link #summarize(Path, long, long)}, reading from {@code in}; {@code file} names it in the summary.
   *
   * <p>Which metrics a container has must be exact (a listing's {@code metric=} filter and the readers' file
   * selection rely on it: a metric is listed for a container iff one of its rows has a non-null value), and a
   * container is seen at a second only when that row has some metric (as with the long-form rows, where a second
   * without values had no row). The cheapest exact way: per row group, a metric column whose statistics say it has
   * no null (every row has it) or only nulls (no row has it) is decided from the footer, and a column decided so in
   * every row group is not even projected (its chunk is never read from disk or decompressed); only the columns with
   * some nulls are decoded, and of those only the definition levels are looked at (values are skipped). Page null counts (column index) would only narrow which pages of such a column decide by themselves,
   * but a column reader decompresses its chunk's pages in order anyway, so they would save nothing here. The result
   * is computed once per file version and kept in the index snapshot, so this runs once per file.
   */
  public static FileSummary summarize(InputFile in, Path file, long sizeBytes, long modifiedMs) throws IOException {
    ColumnScan.Interner<Sighting> byId = new ColumnScan.Interner<>(b -> new Sighting(b.toStringUsingUTF8()));
    ColumnScan.Interner<String> strings = new ColumnScan.Interner<>(Binary::toStringUsingUTF8);
    long[] rows = {0};
    int[] group = {0};
    // only the metric columns that some row group's statistics leave undecided are read at all
    ColumnScan.ColumnChooser chooser = blocks -> {
      List<String> columns = new ArrayList<>(SUMMARY_COLUMNS.subList(0, 1 + SampleRows.LABEL_COLUMNS.size()));
      boolean[] needed = new boolean[METRIC_COLUMNS.length];
      for (BlockMetaData block : blocks) {
        byte[] decided = decided(block, block.getRowCount());
        for (int m = 0; m < needed.length; m++) {
          needed[m] |= decided[m] == UNDECIDED;
        }
      }
      for (int m = 0; m < needed.length; m++) {
        if (needed[m]) {
          columns.add(METRIC_COLUMNS[m]);
        }
      }
      return columns;
    };
    ColumnScan.scan(in, SampleRowFiles::check, chooser, null, (cols, n) -> {
      int rg = ++group[0];
      ColumnReader time = cols.get(SampleRows.TIME);
      ColumnReader id = cols.get(SampleRows.CONTAINER_ID);
      ColumnReader[] labels = new ColumnReader[LABELS.size()];
      int[] labelMaxDef = new int[LABELS.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = cols.get(LABELS.get(i));
        labelMaxDef[i] = labels[i] == null ? -1 : cols.maxDefinition(LABELS.get(i));
      }
      byte[] decided = decided(cols.block(), n);
      long[] everyRowHas = new long[WORDS];
      boolean anyEveryRow = false;
      List<Integer> mixed = new ArrayList<>();
      for (int m = 0; m < METRIC_COLUMNS.length; m++) {
        if (decided[m] == EVERY_ROW) {
          everyRowHas[m >> 6] |= 1L << m;
          anyEveryRow = true;
        } else if (decided[m] == UNDECIDED) {
          if (cols.get(METRIC_COLUMNS[m]) == null) { // the chooser and this row group disagree: never guess
            throw new IllegalStateException("column " + METRIC_COLUMNS[m] + " undecided but not read");
          }
          mixed.add(m);
        }
      }
      int[] mixedIndex = new int[mixed.size()];
      ColumnReader[] mixedReaders = new ColumnReader[mixed.size()];
      int[] mixedMaxDef = new int[mixed.size()];
      for (int k = 0; k < mixedIndex.length; k++) {
        mixedIndex[k] = mixed.get(k);
        mixedReaders[k] = cols.get(METRIC_COLUMNS[mixedIndex[k]]);
        mixedMaxDef[k] = cols.maxDefinition(METRIC_COLUMNS[mixedIndex[k]]);
      }
      List<Sighting> inGroup = new ArrayList<>();
      for (long r = 0; r < n; r++) {
        long t = time.getLong();
        time.consume();
        Sighting s = byId.get(id.getBinary());
        id.consume();
        boolean present = anyEveryRow;
        for (int k = 0; k < mixedReaders.length; k++) {
          ColumnReader c = mixedReaders[k];
          if (c.getCurrentDefinitionLevel() == mixedMaxDef[k]) {
            c.skip(); // an unread value must be skipped explicitly, or the column's values drift
            int m = mixedIndex[k];
            s.metrics[m >> 6] |= 1L << m;
            present = true;
          }
          c.consume();
        }
        boolean latest = false;
        if (present) {
          if (s.group != rg) {
            s.group = rg;
            inGroup.add(s);
          }
          latest = s.add(t);
        }
        for (int i = 0; i < labels.length; i++) {
          ColumnReader c = labels[i];
          if (c == null) {
            continue;
          }
          if (c.getCurrentDefinitionLevel() == labelMaxDef[i]) {
            if (latest) { // the latest labels win: names may be learnt late
              Binary b = c.getBinary();
              if (b != s.rawLabels[i]) { // same dictionary entry as last time: nothing to look up
                s.rawLabels[i] = b;
                s.labels[i] = strings.get(b);
              }
            } else {
              c.skip();
            }
          }
          c.consume();
        }
      }
      for (Sighting s : inGroup) {
        for (int w = 0; w < WORDS; w++) {
          s.metrics[w] |= everyRowHas[w];
        }
      }
      rows[0] += n;
    });
    Map<String, ContainerInfo> containers = new HashMap<>();
    for (Sighting s : byId.values().values()) {
      if (s.first != Long.MAX_VALUE) { // rows without any metric do not make a container seen
        containers.put(s.id, s.toInfo());
      }
    }
    return new FileSummary(file, sizeBytes, modifiedMs, rows[0], containers, true);
  }

  private static final byte NO_ROW = 0;
  private static final byte EVERY_ROW = 1;
  private static final byte UNDECIDED = 2;

  /**
   * Per catalogue metric, what the footer says of its column in {@code block} of {@code rows} rows: no row has a value
   * (the file lacks the column, or its statistics count only nulls), every row has one (no null), or undecided (some
   * nulls, or no statistics: its definition levels must be read). A null {@code block} decides nothing.
   */
  private static byte[] decided(BlockMetaData block, long rows) {
    byte[] out = new byte[METRIC_COLUMNS.length];
    if (block == null || block.getRowCount() != rows) {
      java.util.Arrays.fill(out, UNDECIDED);
      return out;
    }
    Map<String, ColumnChunkMetaData> chunks = new HashMap<>();
    for (ColumnChunkMetaData c : block.getColumns()) {
      chunks.put(c.getPath().toDotString(), c);
    }
    for (int m = 0; m < METRIC_COLUMNS.length; m++) {
      ColumnChunkMetaData chunk = chunks.get(METRIC_COLUMNS[m]);
      if (chunk == null) {
        out[m] = NO_ROW; // the file lacks the column: no row has the metric
        continue;
      }
      Statistics<?> stats = chunk.getStatistics();
      if (stats != null && stats.isNumNullsSet() && chunk.getValueCount() == rows) {
        if (stats.getNumNulls() == 0) {
          out[m] = rows > 0 ? EVERY_ROW : NO_ROW;
          continue;
        }
        if (stats.getNumNulls() == rows) {
          out[m] = NO_ROW;
          continue;
        }
      }
      out[m] = UNDECIDED;
    }
    return out;
  }

  /**
   * Streams the non-null values of {@code metric} for {@code containerIds} (null: every container) within
   * {@code range} to {@code sink}, in file order. A metric outside the catalogue, or whose column the file lacks, has
   * no values.
   *
   * @return the number of rows delivered
   */
  public static long readValues(Path file, String metric, Set<String> containerIds, TimeRange range, ValueSink sink)
      throws IOException {
    return readValues(new LocalInputFile(file), metric, containerIds, range, sink);
  }

  /** As {@link #readValues(Path, String, Set, TimeRange, ValueSink)}, reading from {@code in}. */
  public static long readValues(
      InputFile in, String metric, Set<String> containerIds, TimeRange range, ValueSink sink) throws IOException {
    Optional<String> column = SampleRows.column(metric);
    if (column.isEmpty()) {
      return 0; // no column anywhere: the writer drops metrics the catalogue does not know
    }
    String col = column.get();
    FilterPredicate rest = null;
    if (range.fromMs() != Long.MIN_VALUE || range.toMs() != Long.MAX_VALUE) {
      rest = FilterApi.and(
          FilterApi.gtEq(FilterApi.longColumn(SampleRows.TIME), range.fromMs()),
          FilterApi.ltEq(FilterApi.longColumn(SampleRows.TIME), range.toMs()));
    }
    if (containerIds != null) {
      // a mutable set: parquet-java asks it contains(null), which Set.of() answers with an exception
      Set<Binary> ids = new HashSet<>();
      containerIds.forEach(id -> ids.add(Binary.fromString(id)));
      FilterPredicate idIn = FilterApi.in(FilterApi.binaryColumn(SampleRows.CONTAINER_ID), ids);
      rest = rest == null ? idIn : FilterApi.and(rest, idIn);
    }
    // a container not asked for maps to "", so that it is interned once and skipped by identity
    ColumnScan.Interner<String> ids = new ColumnScan.Interner<>(b -> {
      String s = b.toStringUsingUTF8();
      return containerIds == null || containerIds.contains(s) ? s : "";
    });
    long[] delivered = {0};
    FilterPredicate others = rest;
    scanEitherLayout(doubles -> ColumnScan.scan(in, SampleRowFiles::check,
        List.of(SampleRows.TIME, SampleRows.CONTAINER_ID, col),
        others == null ? hasValue(col, doubles) : FilterApi.and(hasValue(col, doubles), others),
        (cols, n) -> {
          ColumnReader value = cols.get(col);
          if (value == null) {
            return; // the file lacks the column (the filter drops such row groups already)
          }
          int decimals = storedDecimals(value);
          ColumnReader time = cols.get(SampleRows.TIME);
          ColumnReader id = cols.get(SampleRows.CONTAINER_ID);
          int present = cols.maxDefinition(col);
          for (long r = 0; r < n; r++) {
            long t = time.getLong();
            boolean has = value.getCurrentDefinitionLevel() == present;
            String c = "";
            if (has && range.contains(t)) {
              c = ids.get(id.getBinary());
            } else {
              id.skip(); // an unread value must be skipped explicitly, or the column's values drift
            }
            if (!c.isEmpty()) {
              sink.accept(c, t, value(value, decimals));
              delivered[0]++;
            } else if (has) {
              value.skip();
            }
            time.consume();
            id.consume();
            value.consume();
          }
        }));
    return delivered[0];
  }

  /**
   * Streams the non-null values of every metric in {@code metrics}, every container, to {@code sink}, in file order,
   * in one pass over the file: the time and id columns are decoded once for all of them, where reading them metric by
   * metric ({@link #readValues(InputFile, String, Set, TimeRange, ValueSink)}) decodes them once per metric.
   *
   * @return the number of values delivered
   */
  public static long readValuesOfMetrics(InputFile in, Set<String> metrics, MetricValueSink sink) throws IOException {
    List<String> keys = new ArrayList<>();
    List<String> columns = new ArrayList<>(List.of(SampleRows.TIME, SampleRows.CONTAINER_ID));
    for (String m : new TreeSet<>(metrics)) {
      Optional<String> col = SampleRows.column(m);
      if (col.isPresent()) {
        keys.add(m);
        columns.add(col.get());
      }
    }
    if (keys.isEmpty()) {
      return 0;
    }
    ColumnScan.Interner<String> ids = new ColumnScan.Interner<>(Binary::toStringUsingUTF8);
    long[] delivered = {0};
    scanEitherLayout(doubles -> {
      FilterPredicate anyValue = null;
      for (String c : columns.subList(2, columns.size())) {
        anyValue = anyValue == null ? hasValue(c, doubles) : FilterApi.or(anyValue, hasValue(c, doubles));
      }
      ColumnScan.scan(in, SampleRowFiles::check, columns, anyValue, (cols, n) -> visitMetrics(cols, n, keys,
          columns, ids, sink, delivered));
    });
    return delivered[0];
  }

  /** One row group of {@link #readValuesOfMetrics}: every metric of {@code keys} the group has, row by row. */
  private static void visitMetrics(ColumnScan.Columns cols, long n, List<String> keys, List<String> columns,
      ColumnScan.Interner<String> ids, MetricValueSink sink, long[] delivered) {
    ColumnReader time = cols.get(SampleRows.TIME);
    ColumnReader id = cols.get(SampleRows.CONTAINER_ID);
    List<String> here = new ArrayList<>();
    List<ColumnReader> readers = new ArrayList<>();
    List<Integer> maxDefs = new ArrayList<>();
    List<Integer> decimals = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      ColumnReader r = cols.get(columns.get(2 + i));
      if (r != null) { // a column the file lacks: the metric has no values here
        here.add(keys.get(i));
        readers.add(r);
        maxDefs.add(cols.maxDefinition(columns.get(2 + i)));
        decimals.add(storedDecimals(r));
      }
    }
    int k = readers.size();
    for (long r = 0; r < n; r++) {
      long t = time.getLong();
      String c = null;
      for (int i = 0; i < k; i++) {
        ColumnReader v = readers.get(i);
        if (v.getCurrentDefinitionLevel() == maxDefs.get(i)) {
          if (c == null) {
            c = ids.get(id.getBinary());
          }
          sink.accept(here.get(i), c, t, value(v, decimals.get(i)));
          delivered[0]++;
        }
        v.consume();
      }
      if (c == null) {
        id.skip(); // an unread value must be skipped explicitly, or the column's values drift
      }
      time.consume();
      id.consume();
    }
  }

  /** A container's labels, metrics and time span while a file is being summarized. */
  private static final class Sighting {
    private final String id;
    /** pod uid, pod name, namespace, container name, qos, node: the order of {@link #LABELS}. */
    private final String[] labels = new String[6];
    /** The undecoded label values last taken, compared by identity to skip re-interning the same entry. */
    private final Binary[] rawLabels = new Binary[6];
    /** Catalogue ordinals of the metrics with a value, as bits. */
    private final long[] metrics = new long[WORDS];
    /** The last row group this container had a row in (to add the row group's every-row metrics once). */
    private int group;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;
    private long lastLabelTime = Long.MIN_VALUE;

    Sighting(String id) {
      this.id = id;
    }

    /** Records a row with a value; true when it is the latest seen so far, so its labels should be taken. */
    boolean add(long t) {
      first = Math.min(first, t);
      last = Math.max(last, t);
      if (t >= lastLabelTime) {
        lastLabelTime = t;
        return true;
      }
      return false;
    }

    ContainerInfo toInfo() {
      TreeSet<String> names = new TreeSet<>();
      for (int m = 0; m < CATALOGUE.length; m++) {
        if ((metrics[m >> 6] & 1L << m) != 0) {
          names.add(CATALOGUE[m].key());
        }
      }
      return new ContainerInfo(id, labels[0], labels[1], labels[2], labels[3], labels[4], labels[5],
          List.copyOf(names), first, last);
    }
  }
}
