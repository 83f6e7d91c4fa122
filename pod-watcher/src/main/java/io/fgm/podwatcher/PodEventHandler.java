package io.fgm.podwatcher;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fgm.schema.PodMetadata;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns informer events into records on the pod metadata topic: adds and updates publish when the published
 * fields changed ({@link PublishedPods}), deletes publish a tombstone, and a relist publishes the full current
 * set again. fabric8 calls one handler from one thread at a time, in event order.
 */
final class PodEventHandler implements ResourceEventHandler<Pod> {
  private static final Logger LOG = LoggerFactory.getLogger(PodEventHandler.class);

  private final PublishedPods published;
  private final PodMetadataPublisher publisher;
  private final PodWatcherStats stats;
  private final Clock clock;
  private final Supplier<List<Pod>> cachedPods;
  private final RateLimitedWarning publishWarning;
  private final AtomicBoolean listedOnce = new AtomicBoolean();

  /** @param cachedPods the informer's cache, read after a relist to publish the full current set */
  PodEventHandler(PublishedPods published, PodMetadataPublisher publisher, PodWatcherStats stats, Clock clock,
      Supplier<List<Pod>> cachedPods) {
    this.published = published;
    this.publisher = publisher;
    this.stats = stats;
    this.clock = clock;
    this.cachedPods = cachedPods;
    this.publishWarning = new RateLimitedWarning(LOG, clock, 30_000);
  }

  @Override
  public void onAdd(Pod pod) {
    stats.podsKnown.incrementAndGet();
    upsert(pod);
  }

  @Override
  public void onUpdate(Pod before, Pod after) {
    upsert(after);
  }

  @Override
  public void onDelete(Pod pod, boolean finalStateUnknown) {
    stats.podsKnown.decrementAndGet();
    String uid = pod == null || pod.getMetadata() == null ? null : pod.getMetadata().getUid();
    if (uid == null || uid.isBlank()) {
      stats.invalidPods.incrementAndGet();
      LOG.warn("Deleted pod without metadata.uid, no tombstone possible: {}", describe(pod));
      return;
    }
    published.delete(uid);
    tombstone(uid);
  }

  @Override
  public void onBeforeList(String resourceVersion) {
    // The informer lists at start and again when a watch cannot resume (410 Gone). After a relist the topic gets
    // the full current set once more: consumers that missed events while the watch was down converge.
    if (listedOnce.get()) {
      stats.relists.incrementAndGet();
      published.forgetAll();
    }
  }

  @Override
  public void onList(String resourceVersion, boolean isEmpty) {
    if (listedOnce.getAndSet(true)) {
      List<Pod> pods = cachedPods.get();
      LOG.info("Relisted pods at resourceVersion {}: publishing the full current set ({} pods)",
          resourceVersion, pods.size());
      pods.forEach(this::upsert);
    }
  }

  /** Publishes again the tombstones Kafka did not take (deleted pods never come back through a resync). */
  void retryFailedTombstones() {
    for (String uid : published.tombstonesToRetry()) {
      tombstone(uid);
    }
  }

  private void upsert(Pod pod) {
    PodMetadata current;
    try {
      current = PodMetadataMapper.toPodMetadata(pod, clock.millis());
    } catch (InvalidPodException e) {
      stats.invalidPods.incrementAndGet();
      LOG.warn("Skipped a pod: {}", e.getMessage());
      return;
    }
    Optional<PodMetadata> change = published.upsert(current);
    if (change.isEmpty()) {
      stats.unchangedSkipped.incrementAndGet();
      return;
    }
    PodMetadata record = change.get();
    safely(() -> publisher.publish(record)).whenComplete((ok, error) -> {
      if (error == null) {
        stats.podsPublished.incrementAndGet();
      } else {
        stats.publishErrors.incrementAndGet();
        published.publishFailed(record);
        publishWarning.warn("Could not publish pod {}/{} (uid {}), retried at the next resync: {}",
            record.namespace(), record.podName(), record.podUid(), error.toString());
      }
    });
  }

  /** Publishes a tombstone for {@code uid} (retried like any other when it fails). */
  void tombstone(String uid) {
    safely(() -> publisher.publishTombstone(uid)).whenComplete((ok, error) -> {
      if (error == null) {
        stats.tombstonesPublished.incrementAndGet();
      } else {
        stats.publishErrors.incrementAndGet();
        published.tombstoneFailed(uid);
        publishWarning.warn("Could not publish the tombstone of pod uid {}, will retry: {}", uid, error.toString());
      }
    });
  }

  /** A publisher that throws instead of failing its future is treated the same way. */
  private static java.util.concurrent.CompletionStage<Void> safely(
      Supplier<java.util.concurrent.CompletionStage<Void>> send) {
    try {
      return send.get();
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  private static String describe(Pod pod) {
    return pod == null || pod.getMetadata() == null
        ? "no metadata" : pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
