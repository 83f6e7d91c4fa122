package io.fgm.query.findings;

import io.fgm.query.TimeRange;
import io.fgm.query.store.StoreFs;
import io.fgm.query.store.StoreLayout;
import io.fgm.schema.Finding;
import io.fgm.schema.FindingCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The findings tier ({@code <store>/findings/dt=YYYY-MM-DD/node=<node>/*.parquet}, parquet-avro rows of
 * {@code Schemas.FINDING_V1}), read with {@link FindingCodec#fromRecord}.
 *
 * <p>{@code dt} is the day of {@code start_ms}, so a finding that began before the range (a leak confirmed over
 * days) lives in an earlier partition: partitions are read from {@code lookback} before the range start. Each file
 * version (path, size, modification time) is decoded once and kept in a bounded LRU; findings are few (a handful per
 * container and day), so the decoded rows are cheap to keep. Unreadable files are logged once per version and
 * skipped.
 */
public final class ParquetFindingSource implements FindingSource {
  private static final Logger LOG = LoggerFactory.getLogger(ParquetFindingSource.class);

  private final StoreFs fs;
  private final Path root;
  private final Duration lookback;
  private final int maxCachedFindings;
  private final Map<FileVersion, List<Finding>> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cachedFindings;

  private record FileVersion(Path file, long size, long modified) {}

  /**
   * @param fs where the store is (local or S3)
   * @param root the findings tier directory (a missing one is an empty tier)
   * @param lookback how long before the range start a finding may have started and still overlap it
   * @param maxCachedFindings most decoded findings kept in memory across files
   */
  public ParquetFindingSource(StoreFs fs, Path root, Duration lookback, int maxCachedFindings) {
    this.fs = fs;
    this.root = root;
    this.lookback = lookback;
    this.maxCachedFindings = maxCachedFindings;
  }

  public Path root() {
    return root;
  }

  @Override
  public Collection<Finding> findings(TimeRange range, Predicate<String> nodeFilter) {
    TimeRange days = new TimeRange(range.fromMs() - lookback.toMillis(), range.toMs());
    List<Finding> out = new ArrayList<>();
    for (StoreLayout.Partition p : StoreLayout.partitions(fs, root, days, nodeFilter)) {
      for (StoreFs.Entry file : StoreLayout.dataFiles(fs, p.dir())) {
        out.addAll(read(file));
      }
    }
    return out;
  }

  private List<Finding> read(StoreFs.Entry file) {
    FileVersion v = new FileVersion(file.path(), file.size(), file.modifiedMs());
    synchronized (cache) {
      List<Finding> hit = cache.get(v);
      if (hit != null) {
        return hit;
      }
    }
    List<Finding> decoded;
    try {
      decoded = List.copyOf(decode(fs.open(file.path(), file.size())));
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping unreadable findings file {} ({} bytes): {}", file.path(), v.size(), e.toString());
      decoded = List.of(); // cached: logged once per version
    }
    synchronized (cache) {
      if (cache.put(v, decoded) == null) {
        cachedFindings += decoded.size();
      }
      var it = cache.entrySet().iterator();
      while (cachedFindings > maxCachedFindings && it.hasNext()) {
        var eldest = it.next();
        if (eldest.getKey().equals(v)) {
          break; // keep what this request just read
        }
        cachedFindings -= eldest.getValue().size();
        it.remove();
      }
    }
    return decoded;
  }

  /** Every finding of one Parquet file of {@code Schemas.FINDING_V1}. */
  public static List<Finding> decode(InputFile in) throws IOException {
    List<Finding> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(in, new PlainParquetConfiguration())
        .withDataModel(GenericData.get())
        .build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        out.add(FindingCodec.fromRecord(r));
      }
    }
    return out;
  }
}
