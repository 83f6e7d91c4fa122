package io.fgm.query.store;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Column-at-a-time reading of a flat Parquet file, below parquet-java's record assembly: no Avro records, no
 * per-row string objects. The caller names the columns it needs (projection: the other columns are never read
 * from disk) and an optional predicate, which parquet-java uses to drop whole row groups by statistics, dictionary
 * (a row group whose {@code l_container_id} dictionary lacks the containers is skipped without decoding a page), bloom
 * filter and null counts (a metric column that is all null), and to skip pages by column index (files sorted by
 * container and time: the pages of the other containers and times are not decompressed). Kept rows still have to be checked by the caller: page skipping is
 * coarse and the predicate is not applied row by row here. Gotcha: every column the predicate names must be projected
 * too; parquet-java's column index filter takes an unprojected column for a missing one, all null (a {@code notEq(x,
 * null)} on it then drops every row group).
 *
 * <p>String values come back as {@link Binary}; for dictionary-encoded pages parquet-java returns the same
 * instance for the same dictionary entry, which {@link Interner} exploits to turn them into strings once.
 */
final class ColumnScan {
  private ColumnScan() {}

  /** Receives the rows of one row group, column by column. */
  @FunctionalInterface
  interface RowGroupVisitor {
    void visit(Columns columns, long rows) throws IOException;
  }

  /** Checks a file's schema before anything is read; throws to refuse the file. */
  @FunctionalInterface
  interface SchemaCheck {
    void check(MessageType fileSchema) throws IOException;
  }

  /** The projected columns of one row group, by name. */
  static final class Columns {
    private final ColumnReadStoreImpl store;
    private final MessageType schema;
    private final BlockMetaData block;

    Columns(ColumnReadStoreImpl store, MessageType schema, BlockMetaData block) {
      this.store = store;
      this.schema = schema;
      this.block = block;
    }

    private final Map<String, ColumnReader> readers = new java.util.HashMap<>();

    /**
     * The reader of {@code name} (the same one on every call: readers of one column share its page reader, so a
     * second one would start where the first left off), or null when the file has no such column.
     */
    ColumnReader get(String name) {
      if (!schema.containsField(name)) {
        return null;
      }
      return readers.computeIfAbsent(name,
          n -> store.getColumnReader(schema.getColumnDescription(new String[] {n})));
    }

    /** The footer's metadata of this row group (its column statistics); null when the scan had a filter. */
    BlockMetaData block() {
      return block;
    }

    /** The maximum definition level of {@code name}: a value is present when the reader's level equals it. */
    int maxDefinition(String name) {
      ColumnDescriptor d = schema.getColumnDescription(new String[] {name});
      return d.getMaxDefinitionLevel();
    }
  }

  /**
   * Visits the row groups of {@code in} that {@code filter} (null: none) does not rule out, reading only
   * {@code columns}; a column the file lacks is left out ({@link Columns#get} gives null).
   *
   * @return the number of row groups in the file and the number visited, as {@code {total, visited}}
   */
  static int[] scan(InputFile in, List<String> columns, FilterPredicate filter, RowGroupVisitor visitor)
      throws IOException {
    return scan(in, null, columns, filter, visitor);
  }

  /** As {@link #scan(InputFile, List, FilterPredicate, RowGroupVisitor)}, after {@code check} (null: none). */
  static int[] scan(InputFile in, SchemaCheck check, List<String> columns, FilterPredicate filter,
      RowGroupVisitor visitor) throws IOException {
    return scan(in, check, blocks -> columns, filter, visitor);
  }

  /** Chooses the columns to read from the footer's row groups (their statistics), before any page is read. */
  @FunctionalInterface
  interface ColumnChooser {
    List<String> choose(List<BlockMetaData> rowGroups);
  }

  /** As {@link #scan(InputFile, SchemaCheck, List, FilterPredicate, RowGroupVisitor)}, columns chosen by footer. */
  static int[] scan(InputFile in, SchemaCheck check, ColumnChooser chooser, FilterPredicate filter,
      RowGroupVisitor visitor) throws IOException {
    ParquetReadOptions.Builder options = ParquetReadOptions.builder(new PlainParquetConfiguration());
    if (filter != null) {
      options.withRecordFilter(FilterCompat.get(filter));
    }
    try (ParquetFileReader reader = ParquetFileReader.open(in, options.build())) {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      if (check != null) {
        check.check(fileSchema);
      }
      Types.MessageTypeBuilder b = Types.buildMessage();
      for (String c : chooser.choose(reader.getRowGroups())) {
        if (fileSchema.containsField(c)) {
          b.addField(fileSchema.getType(c));
        }
      }
      MessageType projection = b.named(fileSchema.getName());
      reader.setRequestedSchema(projection);
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      int total = reader.getFooter().getBlocks().size();
      // without a filter every row group is returned in order (with one, empty ones and those the column index rules
      // out are passed over silently, so the position is not known)
      List<BlockMetaData> blocks = filter == null ? reader.getRowGroups() : List.of();
      int visited = 0;
      int next = 0;
      for (PageReadStore rg = reader.readNextFilteredRowGroup(); rg != null; rg = reader.readNextFilteredRowGroup()) {
        while (next < blocks.size() && blocks.get(next).getRowCount() == 0) {
          next++; // empty row groups are passed over by the reader too
        }
        BlockMetaData block = next < blocks.size() ? blocks.get(next++) : null;
        visited++;
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(rg, new NoopConverter(projection), projection, createdBy);
        visitor.visit(new Columns(store, projection, block), rg.getRowCount());
      }
      return new int[] {total, visited};
    }
  }

  /**
   * Maps the {@link Binary} values of a column to objects, once per distinct value: first by identity (cheap, and
   * what dictionary-encoded pages give), then by content. The identity table is bounded so that plain-encoded
   * pages (a new instance per row) cannot grow it without end.
   */
  static final class Interner<T> {
    private static final int MAX_IDENTITIES = 4096;
    private final Map<Binary, T> byIdentity = new IdentityHashMap<>();
    private final Map<Binary, T> byContent = new java.util.HashMap<>();
    private final Function<Binary, T> create;

    Interner(Function<Binary, T> create) {
      this.create = create;
    }

    T get(Binary b) {
      T t = byIdentity.get(b);
      if (t != null) {
        return t;
      }
      t = byContent.get(b);
      if (t == null) {
        Binary key = b.copy();
        t = create.apply(key);
        byContent.put(key, t);
      }
      if (byIdentity.size() >= MAX_IDENTITIES) {
        byIdentity.clear();
      }
      byIdentity.put(b, t);
      return t;
    }

    Map<Binary, T> values() {
      return byContent;
    }
  }

  /** parquet-java wants converters even when values are pulled from the column readers directly. */
  private static final class NoopConverter extends GroupConverter {
    private final Converter[] children;

    NoopConverter(org.apache.parquet.schema.GroupType type) {
      children = new Converter[type.getFieldCount()];
      for (int i = 0; i < children.length; i++) {
        Type t = type.getType(i);
        children[i] = t.isPrimitive() ? new PrimitiveConverter() {} : new NoopConverter(t.asGroupType());
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
