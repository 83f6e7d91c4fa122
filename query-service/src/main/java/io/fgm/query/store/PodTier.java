package io.fgm.query.store;

import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's pods dimension tier ({@code <store>/pods/dt=YYYY-MM-DD/*.parquet}, {@link PodMetadata#STORE_DIR}):
 * one row per version of a pod's metadata, parquet-avro rows of {@code Schemas.POD_METADATA_V1}
 * ({@link PodMetadataCodec#toRecord}); tombstones are not written, so a deleted pod keeps its last labels here while
 * its containers' rows stay in the store. Keeps, per pod UID, the labels of the version with the largest
 * {@code updated_ms} seen in any file.
 *
 * <p>Incremental like the {@link MetadataIndex}: {@link #refresh()} lists the tier at most once per
 * {@code relistIntervalNanos}; each file version (path, size, modification time) is read once; a file that vanished
 * (compacted, expired) is forgotten, but the versions it gave are kept (a compacted file holds the same rows; an
 * expired pod goes with the bound). Days before yesterday (by {@code todayUtc}) are re-listed at most every 10
 * minutes: versions are written on the day they are seen, so an old day only changes when it is compacted. Works on
 * any {@link StoreFs} (local or S3). The first refresh runs on the caller's thread, later ones on
 * {@code background} when given, so requests use the last state meanwhile. Bounded by {@code maxPods}: past it, the
 * least recently updated pods go. Files named {@code .*} or {@code _*} are skipped; an unreadable file is logged
 * once per version and skipped. Thread-safe.
 */
public final class PodTier {
  private static final Logger LOG = LoggerFactory.getLogger(PodTier.class);
  private static final long OLD_DAY_RELIST_NANOS = 600_000_000_000L;

  /** The labels of one pod's latest stored version. */
  public record Version(long updatedMs, Map<String, String> labels) {}

  private record FileVersion(long size, long modifiedMs) {}

  private final StoreFs fs;
  private final Path root;
  private final long relistIntervalNanos;
  private final LongSupplier nanoTime;
  private final java.util.function.Supplier<LocalDate> todayUtc;
  private final Executor background;
  private final int maxPods;
  private final Map<String, Version> byUid = new ConcurrentHashMap<>();
  /** Files read (or found unreadable), by path, with the version read; only the refreshing thread touches it. */
  private final Map<Path, FileVersion> seen = new HashMap<>();
  /** When each day directory was last listed. */
  private final Map<Path, Long> dayListedAt = new HashMap<>();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private final AtomicLong filesRead = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile long listedAtNanos;
  private volatile boolean loaded;

  /**
   * @param root the tier's directory (a missing one is an empty tier)
   * @param todayUtc the current UTC day (the service's clock)
   * @param background where refreshes after the first run; null: on the caller's thread
   */
  public PodTier(StoreFs fs, Path root, long relistIntervalNanos, LongSupplier nanoTime,
      java.util.function.Supplier<LocalDate> todayUtc, Executor background, int maxPods) {
    if (maxPods < 1) {
      throw new IllegalArgumentException("maxPods must be >= 1");
    }
    this.fs = fs;
    this.root = root;
    this.relistIntervalNanos = relistIntervalNanos;
    this.nanoTime = nanoTime;
    this.todayUtc = todayUtc;
    this.background = background;
    this.maxPods = maxPods;
  }

  /** The latest stored version of the pod, or null. Does not refresh: call {@link #refresh()} once per request. */
  public Version get(String podUid) {
    return podUid == null ? null : byUid.get(podUid);
  }

  /** Pods known. */
  public int size() {
    return byUid.size();
  }

  /** File versions read since start (each once). */
  public long filesRead() {
    return filesRead.get();
  }

  /** File versions that could not be read as pod metadata Parquet. */
  public long unreadableFiles() {
    return unreadable.get();
  }

  /**
   * Picks up new files when the last listing is older than the relist interval: the first time on this thread (so
   * the first answer has the history), then in the background when there is one.
   */
  public void refresh() {
    if (loaded && nanoTime.getAsLong() - listedAtNanos < relistIntervalNanos) {
      return;
    }
    if (!loaded || background == null) {
      synchronized (this) {
        if (!loaded || nanoTime.getAsLong() - listedAtNanos >= relistIntervalNanos) {
          relist();
        }
      }
      return;
    }
    if (refreshing.compareAndSet(false, true)) {
      try {
        background.execute(() -> {
          try {
            synchronized (this) {
              relist();
            }
          } catch (RuntimeException e) {
            LOG.warn("re-listing the pods tier {} failed; keeping what was read: {}", root, e.toString());
          } finally {
            refreshing.set(false);
          }
        });
      } catch (RejectedExecutionException e) {
        refreshing.set(false);
      }
    }
  }

  private void relist() {
    long now = nanoTime.getAsLong();
    LocalDate yesterday = todayUtc.get().minusDays(1);
    Set<Path> present = new HashSet<>();
    Set<Path> listedDays = new HashSet<>();
    for (StoreFs.Entry dayDir : fs.list(root)) {
      LocalDate day = StoreLayout.parseDay(dayDir.name());
      if (day == null || !dayDir.directory()) {
        continue;
      }
      Long last = dayListedAt.get(dayDir.path());
      if (last != null && day.isBefore(yesterday) && now - last < OLD_DAY_RELIST_NANOS) {
        for (Path p : seen.keySet()) { // not re-listed: its files are still there as far as we know
          if (p.startsWith(dayDir.path())) {
            present.add(p);
          }
        }
        listedDays.add(dayDir.path());
        continue;
      }
      dayListedAt.put(dayDir.path(), now);
      listedDays.add(dayDir.path());
      for (StoreFs.Entry f : StoreLayout.dataFiles(fs, dayDir.path())) {
        present.add(f.path());
        FileVersion v = new FileVersion(f.size(), f.modifiedMs());
        if (!v.equals(seen.get(f.path()))) {
          read(f);
          seen.put(f.path(), v);
        }
      }
    }
    seen.keySet().retainAll(present);
    dayListedAt.keySet().retainAll(listedDays);
    if (byUid.size() > maxPods) {
      List<Map.Entry<String, Version>> all = new ArrayList<>(byUid.entrySet());
      all.sort(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(Version::updatedMs)));
      for (int i = 0; i < all.size() - maxPods * 9 / 10; i++) { // in batches, as PodDirectory
        byUid.remove(all.get(i).getKey());
      }
    }
    listedAtNanos = nanoTime.getAsLong();
    loaded = true;
  }

  private void read(StoreFs.Entry f) {
    List<PodMetadata> pods;
    try {
      pods = read(fs.open(f.path(), f.size()));
      filesRead.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      unreadable.incrementAndGet();
      LOG.warn("skipping unreadable pods file {} ({} bytes): {}", f.path(), f.size(), e.toString());
      return;
    }
    // pods of one workload share their labels: one map per distinct label set
    Map<Map<String, String>, Map<String, String>> shared = new HashMap<>();
    for (PodMetadata p : pods) {
      Version v = new Version(p.updatedMs(), shared.computeIfAbsent(p.labels(), l -> l));
      byUid.merge(p.podUid(), v, (old, neu) -> neu.updatedMs() > old.updatedMs() ? neu : old);
    }
  }

  /** Every row of one pods tier file. */
  public static List<PodMetadata> read(InputFile in) throws IOException {
    List<PodMetadata> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(in,
        new PlainParquetConfiguration()).withDataModel(GenericData.get()).build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        out.add(PodMetadataCodec.fromRecord(r));
      }
    }
    return out;
  }

  /** Writes {@code pods} as one pods tier file (parquet-avro, ZSTD), as the Flink job writes the tier. */
  public static void write(OutputFile out, List<PodMetadata> pods) throws IOException {
    try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(out)
        .withSchema(io.fgm.schema.Schemas.POD_METADATA_V1)
        .withConf(new PlainParquetConfiguration())
        .withDataModel(GenericData.get())
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build()) {
      for (PodMetadata p : pods) {
        w.write(PodMetadataCodec.toRecord(p));
      }
    }
  }
}
