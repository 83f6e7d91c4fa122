package io.fgm.query.store;

import io.fgm.query.TimeRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's metadata, kept in memory and refreshed incrementally: one {@link FileSummary} per data file
 * version. A query lists only the partitions its range and node filter select; within them, files already
 * summarized at the same size and modification time are reused, new or changed files are summarized once, and
 * files that disappeared (compacted, deleted) are forgotten. A partition is re-listed at most once per
 * {@code relistIntervalNanos} (and so is the list of partition directories under a root), so bursts of requests do
 * not re-stat the same directory; with a background executor, a stale partition is answered from its last listing
 * while it is re-listed off the request path.
 *
 * <p>Start-up reads nothing: summaries are built lazily by the first query that needs them.
 */
public final class MetadataIndex {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataIndex.class);

  private final StoreFs fs;
  private final long relistIntervalNanos;
  private final LongSupplier nanoTime;
  private final Map<Path, Listing> partitions = new ConcurrentHashMap<>();
  /** Partitions being re-listed in the background. */
  private final java.util.Set<Path> refreshing = ConcurrentHashMap.newKeySet();
  /** Where stale partitions are re-listed; null: on the caller's thread. */
  private final java.util.concurrent.Executor background;
  /** Summaries being or already computed, by file version: concurrent callers wait for one computation. */
  private final Map<FileVersion, FileSummary> summaries = new ConcurrentHashMap<>();
  private final AtomicLong summarized = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private final AtomicLong wrongLayout = new AtomicLong();

  /** What a tier's files hold, which decides how they are summarized. */
  public enum Tier {
    /** Wide SampleRow rows ({@link SampleRowFiles}); a long-form file there is skipped and counted. */
    RAW,
    /** Long-form rollup rows, one per container, metric and minute ({@link RollupFiles}). */
    ROLLUP
  }

  private record FileVersion(Path file, long size, long modified) {}

  /** A partition's files as last listed; {@code readable} sorted by path, computed once per listing. */
  private record Listing(long listedAtNanos, Map<Path, FileSummary> files, HourDigest digest,
      List<FileSummary> readable) {}

  /** Every partition directory under a root as last listed (a few directory reads, reused like a listing). */
  private record Partitions(long listedAtNanos, List<StoreLayout.Partition> all) {}

  private final Map<Path, Partitions> roots = new ConcurrentHashMap<>();

  /** One partition with the summaries of its readable files, and those merged per hour for listings. */
  public record PartitionFiles(StoreLayout.Partition partition, List<FileSummary> files, HourDigest digest) {}

  public MetadataIndex(long relistIntervalNanos, LongSupplier nanoTime) {
    this(LocalStoreFs.INSTANCE, relistIntervalNanos, nanoTime);
  }

  public MetadataIndex(StoreFs fs, long relistIntervalNanos, LongSupplier nanoTime) {
    this(fs, relistIntervalNanos, nanoTime, null);
  }

  /**
   * @param background where a partition listed before but now stale is re-listed while requests keep using the last
   *     listing (stale by at most one refresh); null re-lists on the requesting thread
   */
  public MetadataIndex(StoreFs fs, long relistIntervalNanos, LongSupplier nanoTime,
      java.util.concurrent.Executor background) {
    this.background = background;
    this.fs = fs;
    this.relistIntervalNanos = relistIntervalNanos;
    this.nanoTime = nanoTime;
  }

  /** Where the indexed files are; readers open {@link FileSummary#file()} through it. */
  public StoreFs fs() {
    return fs;
  }

  /**
   * The readable files of every partition under {@code root}, a raw tier, selected by {@code range} and
   * {@code nodeFilter}.
   */
  public List<PartitionFiles> files(Path root, TimeRange range, Predicate<String> nodeFilter) {
    return files(root, Tier.RAW, range, nodeFilter);
  }

  /** As {@link #files(Path, TimeRange, Predicate)} for a root holding {@code tier}'s files. */
  public List<PartitionFiles> files(Path root, Tier tier, TimeRange range, Predicate<String> nodeFilter) {
    List<PartitionFiles> out = new ArrayList<>();
    for (StoreLayout.Partition p : StoreLayout.select(partitions(root), range, nodeFilter)) {
      Listing listing = listing(p.dir(), tier);
      out.add(new PartitionFiles(p, listing.readable(), listing.digest()));
    }
    return out;
  }

  /**
   * Every partition under {@code root}, listed again at most once per {@code relistIntervalNanos} (on the calling
   * thread: it is a few directory reads, and a new day's partition must not wait for a background refresh).
   */
  private List<StoreLayout.Partition> partitions(Path root) {
    long now = nanoTime.getAsLong();
    Partitions cached = roots.get(root);
    if (cached != null && now - cached.listedAtNanos() < relistIntervalNanos) {
      return cached.all();
    }
    Partitions fresh = new Partitions(now, List.copyOf(StoreLayout.partitions(fs, root)));
    roots.put(root, fresh);
    return fresh.all();
  }

  /**
   * Adds summaries computed earlier (an {@link IndexSnapshot}); each is used only while its file keeps the same size
   * and modification time.
   */
  public void seed(Collection<FileSummary> known) {
    for (FileSummary f : known) {
      summaries.putIfAbsent(new FileVersion(f.file(), f.sizeBytes(), f.modifiedMs()), f);
    }
  }

  /** Every summary currently known, for {@link IndexSnapshot#save}. */
  public List<FileSummary> knownSummaries() {
    return List.copyOf(summaries.values());
  }

  /** Files summarized since start (each version once). */
  public long summarizedFiles() {
    return summarized.get();
  }

  /** Files that could not be read as Parquet, skipped until they change. */
  public long unreadableFiles() {
    return unreadable.get();
  }

  /**
   * Parquet files of another layout than their tier's (in the raw tier: long-form files from before the wide rows, or
   * not SampleRow files at all), skipped until they change; each is logged once.
   */
  public long wrongLayoutFiles() {
    return wrongLayout.get();
  }

  private Listing listing(Path dir, Tier tier) {
    long now = nanoTime.getAsLong();
    Listing cached = partitions.get(dir);
    if (cached != null && now - cached.listedAtNanos() < relistIntervalNanos) {
      return cached;
    }
    if (cached != null && background != null) {
      // stale: answer from the last listing and re-list in the background (one refresh per partition at a time),
      // so no request waits for a directory listing (an S3 LIST, or stat-ing a thousand files)
      if (refreshing.add(dir)) {
        try {
          background.execute(() -> {
            try {
              relist(dir, tier, nanoTime.getAsLong(), partitions.get(dir));
            } catch (RuntimeException e) {
              LOG.warn("re-listing {} failed; keeping the last listing: {}", dir, e.toString());
            } finally {
              refreshing.remove(dir);
            }
          });
        } catch (java.util.concurrent.RejectedExecutionException e) {
          refreshing.remove(dir);
          return relist(dir, tier, now, cached);
        }
      }
      return cached;
    }
    return relist(dir, tier, now, cached);
  }

  private Listing relist(Path dir, Tier tier, long now, Listing cached) {
    Map<Path, FileSummary> previous = cached == null ? Map.of() : cached.files();
    Map<Path, FileSummary> files = new HashMap<>();
    for (StoreFs.Entry entry : StoreLayout.dataFiles(fs, dir)) {
      Path file = entry.path();
      long size = entry.size();
      long modified = entry.modifiedMs();
      FileSummary old = previous.get(file);
      if (old != null && old.sameVersion(size, modified)) {
        files.put(file, old);
      } else {
        if (old != null) {
          summaries.remove(new FileVersion(file, old.sizeBytes(), old.modifiedMs())); // rewritten in place
        }
        files.put(file, summaries.computeIfAbsent(new FileVersion(file, size, modified),
            v -> summarize(tier, v.file(), v.size(), v.modified())));
      }
    }
    previous.forEach((file, old) -> {
      if (!files.containsKey(file)) { // compacted or deleted: forget it
        summaries.remove(new FileVersion(file, old.sizeBytes(), old.modifiedMs()));
      }
    });
    boolean unchanged = files.size() == previous.size()
        && files.entrySet().stream().allMatch(e -> previous.get(e.getKey()) == e.getValue());
    Listing fresh = unchanged && cached != null ? new Listing(now, cached.files(), cached.digest(), cached.readable())
        : new Listing(now, Map.copyOf(files), HourDigest.of(files.values()), readableSorted(files.values()));
    partitions.put(dir, fresh);
    return fresh;
  }

  private static List<FileSummary> readableSorted(Collection<FileSummary> files) {
    List<FileSummary> readable = new ArrayList<>();
    for (FileSummary f : files) {
      if (f.readable()) {
        readable.add(f);
      }
    }
    readable.sort((a, b) -> a.file().compareTo(b.file()));
    return List.copyOf(readable);
  }

  private FileSummary summarize(Tier tier, Path file, long size, long modified) {
    try {
      FileSummary s = tier == Tier.RAW ? SampleRowFiles.summarize(fs.open(file, size), file, size, modified)
          : RollupFiles.summarize(fs.open(file, size), file, size, modified);
      summarized.incrementAndGet();
      return s;
    } catch (SampleRowFiles.LayoutException e) {
      // logged once per file version, like an unreadable one; never read as this tier's rows
      wrongLayout.incrementAndGet();
      LOG.warn("skipping data file {} ({} bytes) of the {} tier: {}", file, size, tier.name().toLowerCase(
          java.util.Locale.ROOT), e.getMessage());
      return FileSummary.unreadable(file, size, modified);
    } catch (java.io.IOException | RuntimeException e) {
      // logged once per file version: the unreadable summary is cached until the file changes
      unreadable.incrementAndGet();
      LOG.warn("skipping unreadable data file {} ({} bytes): {}", file, size, e.toString());
      return FileSummary.unreadable(file, size, modified);
    }
  }
}
