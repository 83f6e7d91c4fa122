package io.fgm.query.store;

import io.fgm.query.TimeRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
 * {@code relistIntervalNanos}, so bursts of requests do not re-stat the same directory.
 *
 * <p>Start-up reads nothing: summaries are built lazily by the first query that needs them.
 */
public final class MetadataIndex {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataIndex.class);

  private final long relistIntervalNanos;
  private final LongSupplier nanoTime;
  private final Map<Path, Listing> partitions = new ConcurrentHashMap<>();
  /** Summaries being or already computed, by file version: concurrent callers wait for one computation. */
  private final Map<FileVersion, FileSummary> summaries = new ConcurrentHashMap<>();
  private final AtomicLong summarized = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();

  private record FileVersion(Path file, long size, long modified) {}

  /** A partition's files as last listed. */
  private record Listing(long listedAtNanos, Map<Path, FileSummary> files, HourDigest digest) {}

  /** One partition with the summaries of its readable files, and those merged per hour for listings. */
  public record PartitionFiles(StoreLayout.Partition partition, List<FileSummary> files, HourDigest digest) {}

  public MetadataIndex(long relistIntervalNanos, LongSupplier nanoTime) {
    this.relistIntervalNanos = relistIntervalNanos;
    this.nanoTime = nanoTime;
  }

  /** The readable files of every partition under {@code root} selected by {@code range} and {@code nodeFilter}. */
  public List<PartitionFiles> files(Path root, TimeRange range, Predicate<String> nodeFilter) {
    List<PartitionFiles> out = new ArrayList<>();
    for (StoreLayout.Partition p : StoreLayout.partitions(root, range, nodeFilter)) {
      List<FileSummary> readable = new ArrayList<>();
      Listing listing = listing(p.dir());
      for (FileSummary s : listing.files().values()) {
        if (s.readable()) {
          readable.add(s);
        }
      }
      readable.sort((a, b) -> a.file().compareTo(b.file()));
      out.add(new PartitionFiles(p, readable, listing.digest()));
    }
    return out;
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

  /** Files that could not be read as MetricRow Parquet, skipped until they change. */
  public long unreadableFiles() {
    return unreadable.get();
  }

  private Listing listing(Path dir) {
    long now = nanoTime.getAsLong();
    Listing cached = partitions.get(dir);
    if (cached != null && now - cached.listedAtNanos() < relistIntervalNanos) {
      return cached;
    }
    Map<Path, FileSummary> previous = cached == null ? Map.of() : cached.files();
    Map<Path, FileSummary> files = new HashMap<>();
    for (Path file : StoreLayout.dataFiles(dir)) {
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(file, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        continue; // removed between listing and stat: compaction
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stat " + file, e);
      }
      long size = attrs.size();
      long modified = attrs.lastModifiedTime().toMillis();
      FileSummary old = previous.get(file);
      if (old != null && old.sameVersion(size, modified)) {
        files.put(file, old);
      } else {
        if (old != null) {
          summaries.remove(new FileVersion(file, old.sizeBytes(), old.modifiedMs())); // rewritten in place
        }
        files.put(file, summaries.computeIfAbsent(new FileVersion(file, size, modified),
            v -> summarize(v.file(), v.size(), v.modified())));
      }
    }
    previous.forEach((file, old) -> {
      if (!files.containsKey(file)) { // compacted or deleted: forget it
        summaries.remove(new FileVersion(file, old.sizeBytes(), old.modifiedMs()));
      }
    });
    boolean unchanged = files.size() == previous.size()
        && files.entrySet().stream().allMatch(e -> previous.get(e.getKey()) == e.getValue());
    Listing fresh = new Listing(now, Map.copyOf(files),
        unchanged && cached != null ? cached.digest() : HourDigest.of(files.values()));
    partitions.put(dir, fresh);
    return fresh;
  }

  private FileSummary summarize(Path file, long size, long modified) {
    try {
      FileSummary s = MetricRowFiles.summarize(file, size, modified);
      summarized.incrementAndGet();
      return s;
    } catch (IOException | RuntimeException e) {
      // logged once per file version: the unreadable summary is cached until the file changes
      unreadable.incrementAndGet();
      LOG.warn("skipping unreadable data file {} ({} bytes): {}", file, size, e.toString());
      return FileSummary.unreadable(file, size, modified);
    }
  }
}
