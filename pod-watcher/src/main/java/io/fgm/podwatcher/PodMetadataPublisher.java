package io.fgm.podwatcher;

import io.fgm.schema.PodMetadata;
import java.util.concurrent.CompletionStage;

/**
 * Where pod metadata goes: the compacted topic {@code fgm.pods} in production ({@link KafkaPodMetadataPublisher}).
 * Keyed by pod UID; a tombstone says the pod is gone. Completion reports delivery, so the watcher can republish
 * what was lost.
 */
public interface PodMetadataPublisher extends AutoCloseable {

  /** Publishes the current metadata of one pod. */
  CompletionStage<Void> publish(PodMetadata metadata);

  /** Publishes a tombstone (a null value) for a deleted pod. */
  CompletionStage<Void> publishTombstone(String podUid);

  @Override
  void close();
}
