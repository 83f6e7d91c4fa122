package io.fgm.podwatcher;

import io.fgm.schema.PodMetadata;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the watcher has published per pod UID, so it publishes only changes: an informer resync, or a pod update
 * that touches nothing fgm publishes (conditions, IPs), adds nothing to the topic.
 *
 * <p>A record counts as published from the moment it is handed to the publisher; when the publisher later
 * reports a failure, {@link #publishFailed} forgets it, so the next resync (which replays every pod) publishes
 * it again. A tombstone that failed is remembered in {@link #tombstonesToRetry()}: a deleted pod never comes
 * back through a resync. Thread-safe: informer callbacks and producer callbacks run on different threads.
 */
public final class PublishedPods {
  private final Map<String, PodMetadata> published = new HashMap<>();
  private final Set<String> failedTombstones = new LinkedHashSet<>();

  /** The record to publish for this version of a pod, or empty when the published fields did not change. */
  public synchronized Optional<PodMetadata> upsert(PodMetadata current) {
    PodMetadata before = published.get(current.podUid());
    if (before != null && PodMetadataMapper.samePublishedFields(before, current)) {
      return Optional.empty();
    }
    published.put(current.podUid(), current);
    failedTombstones.remove(current.podUid());
    return Optional.of(current);
  }

  /** The pod is gone: forget it. A tombstone is always published (idempotent, and cheap after compaction). */
  public synchronized void delete(String podUid) {
    published.remove(podUid);
  }

  /** The publisher failed to deliver {@code attempted}: forget it unless a newer version was published since. */
  public synchronized void publishFailed(PodMetadata attempted) {
    PodMetadata now = published.get(attempted.podUid());
    if (now == attempted) {
      published.remove(attempted.podUid());
    }
  }

  /** The tombstone of {@code podUid} was not delivered; retried by {@link #tombstonesToRetry()}. */
  public synchronized void tombstoneFailed(String podUid) {
    if (!published.containsKey(podUid)) {
      failedTombstones.add(podUid);
    }
  }

  /** Failed tombstones to publish again; the set is emptied (a new failure adds them back). */
  public synchronized List<String> tombstonesToRetry() {
    List<String> out = List.copyOf(failedTombstones);
    failedTombstones.clear();
    return out;
  }

  /** Forget everything: after a relist the watcher publishes the full current set again. */
  public synchronized void forgetAll() {
    published.clear();
  }

  public synchronized int size() {
    return published.size();
  }
}
