package io.fgm.query;

import io.fgm.query.findings.FindingSource;
import io.fgm.query.findings.ParquetFindingSource;
import io.fgm.query.tail.FindingTail;
import io.fgm.query.tail.KafkaTopicTail;
import io.fgm.query.tail.PodDirectory;
import io.fgm.query.tail.SampleTail;
import io.fgm.schema.SampleCodec;
import io.fgm.schema.Finding;
import io.fgm.schema.CounterRates;
import io.fgm.schema.FindingCodec;
import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import io.fgm.schema.SampleDecodeException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka tails of the query service: the samples topic ({@link SampleTail}) and the findings topic, read
 * from {@link QueryConfig#tailWindow()} ago into bounded in-memory buffers, so answers include what Flink has not
 * committed to Parquet yet; and the compacted pod metadata topic ({@link PodDirectory}, read from the beginning),
 * whose names are joined to the samples' containers as the Flink job joins them. Without
 * {@link QueryConfig#kafkaBootstrap()} there are none and answers come from Parquet only.
 */
public final class FreshTails implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FreshTails.class);

  /** The samples topic the node agents publish to. */
  public static final String SAMPLES_TOPIC = "fgm.samples";

  /** At most this many pods' names are kept (a very large cluster has ~150,000 pods). */
  static final int MAX_PODS = 500_000;

  private final FindingTail findings;
  private final SampleTail samples;
  private final PodDirectory pods;
  private final List<KafkaTopicTail> consumers;

  private FreshTails(FindingTail findings, SampleTail samples, PodDirectory pods, List<KafkaTopicTail> consumers) {
    this.findings = findings;
    this.samples = samples;
    this.pods = pods;
    this.consumers = consumers;
  }

  /** Starts the tails when a bootstrap is configured; returns at once (the consumers connect in the background). */
  public static FreshTails start(QueryConfig config) {
    if (config.kafkaBootstrap() == null) {
      return new FreshTails(null, null, null, List.of());
    }
    FindingTail findings = new FindingTail(config.tailMaxFindings());
    PodDirectory pods = new PodDirectory(MAX_PODS);
    SampleTail samples = new SampleTail(config.tailWindow().toMillis(), config.tailMaxPointsPerSeries(),
        config.tailMaxPoints(), CounterRates.DEFAULT_MAX_GAP_MS, config.clock()::millis, pods);
    List<KafkaTopicTail> consumers = new ArrayList<>();
    // compacted: the latest version of every live pod is there from the beginning; a tombstone removes the pod
    consumers.add(new KafkaTopicTail(config.kafkaBootstrap(), PodMetadata.TOPIC, null, config.clock(),
        r -> apply(pods, r.key(), r.value(), r.partition(), r.offset()), () -> { }));
    long[] nextExpiry = {0};
    consumers.add(new KafkaTopicTail(config.kafkaBootstrap(), config.samplesTopic(), config.tailWindow(),
        config.clock(), r -> {
          try {
            samples.add(SampleCodec.decode(r.value()));
          } catch (SampleDecodeException e) {
            LOG.debug("skipping undecodable sample at {}-{}: {}", r.partition(), r.offset(), e.getMessage());
          }
        }, () -> {
          long now = System.nanoTime();
          if (now - nextExpiry[0] > 0) { // memory of containers that stopped goes back within seconds
            samples.expire();
            nextExpiry[0] = now + 5_000_000_000L;
          }
        }));
    // findings are rare and Flink commits them at checkpoints: reading back the lookback of Parquet's lag is cheap
    consumers.add(new KafkaTopicTail(config.kafkaBootstrap(), Finding.TOPIC, config.tailWindow(), config.clock(),
        r -> {
          try {
            findings.add(FindingCodec.decode(r.value()));
          } catch (SampleDecodeException e) {
            LOG.debug("skipping undecodable finding at {}-{}: {}", r.partition(), r.offset(), e.getMessage());
          }
        }, () -> { }));
    return new FreshTails(findings, samples, pods, consumers);
  }

  /** One record of the pods topic: a version (the value) or a tombstone (no value) of the pod keyed by its UID. */
  static void apply(PodDirectory pods, byte[] key, byte[] value, int partition, long offset) {
    if (key == null) {
      return; // cannot be joined (nor removed) without the pod UID
    }
    if (value == null || value.length == 0) {
      pods.remove(new String(key, java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    try {
      pods.put(PodMetadataCodec.decode(value));
    } catch (SampleDecodeException e) {
      LOG.debug("skipping undecodable pod metadata at {}-{}: {}", partition, offset, e.getMessage());
    }
  }

  /** The Parquet findings tier, plus the findings tail when there is one. */
  public List<FindingSource> findingSources(QueryConfig config, io.fgm.query.store.StoreFs fs) {
    List<FindingSource> sources = new ArrayList<>();
    sources.add(new ParquetFindingSource(fs, config.findingsTierPath(), config.findingsLookback(), 1_000_000));
    if (findings != null) {
      sources.add(findings);
    }
    return sources;
  }

  /** Samples buffered from Kafka; null without a tail. */
  public SampleTail samples() {
    return samples;
  }

  /** Pods' names from Kafka; null without a tail. */
  public PodDirectory pods() {
    return pods;
  }

  /** Findings buffered from Kafka; null without a tail. */
  public FindingTail findings() {
    return findings;
  }

  @Override
  public void close() {
    consumers.forEach(KafkaTopicTail::close);
  }
}
