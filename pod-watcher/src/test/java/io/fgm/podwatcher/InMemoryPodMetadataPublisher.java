package io.fgm.podwatcher;

import io.fgm.schema.PodMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Records what was published; {@link #failNext} makes the following sends fail, like an unreachable broker. */
final class InMemoryPodMetadataPublisher implements PodMetadataPublisher {
  /** One published record: a tombstone has a null {@code metadata}. */
  record Sent(String podUid, PodMetadata metadata) {}

  final List<Sent> sent = new ArrayList<>();
  private int failures;

  void failNext(int n) {
    failures = n;
  }

  @Override
  public synchronized CompletionStage<Void> publish(PodMetadata metadata) {
    return record(new Sent(metadata.podUid(), metadata));
  }

  @Override
  public synchronized CompletionStage<Void> publishTombstone(String podUid) {
    return record(new Sent(podUid, null));
  }

  private CompletionStage<Void> record(Sent s) {
    if (failures > 0) {
      failures--;
      return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("broker down"));
    }
    sent.add(s);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
