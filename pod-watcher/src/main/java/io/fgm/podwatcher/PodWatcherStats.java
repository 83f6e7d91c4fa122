package io.fgm.podwatcher;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Counters shown on {@code /metrics}; written by the informer, producer and start-up threads. */
public final class PodWatcherStats {
  /** Pod metadata records delivered to Kafka. */
  public final AtomicLong podsPublished = new AtomicLong();
  /** Tombstones delivered to Kafka. */
  public final AtomicLong tombstonesPublished = new AtomicLong();
  /** Pod events that changed nothing fgm publishes (resyncs, status churn): not published. */
  public final AtomicLong unchangedSkipped = new AtomicLong();
  /** Pods without UID, name or namespace: skipped. */
  public final AtomicLong invalidPods = new AtomicLong();
  /** Records Kafka did not take (retried: upserts at the next resync, tombstones by the retry task). */
  public final AtomicLong publishErrors = new AtomicLong();
  /** Failed list/watch calls against the Kubernetes API (the informer retries them). */
  public final AtomicLong apiErrors = new AtomicLong();
  /** Failed attempts to reach Kafka to check or create the topic. */
  public final AtomicLong kafkaErrors = new AtomicLong();
  /** Lists of the pods after the first one (after a watch could not resume: HTTP 410 Gone). */
  public final AtomicLong relists = new AtomicLong();
  /** Pods in the informers' caches. */
  public final AtomicLong podsKnown = new AtomicLong();
  /** True once the topic exists and the informers have listed every watched namespace. */
  public final AtomicBoolean synced = new AtomicBoolean();
  /** True once the topic has been checked or created. */
  public final AtomicBoolean topicReady = new AtomicBoolean();
}
