package io.fgm.query;

import io.fgm.query.findings.FindingSource;
import io.fgm.query.findings.ParquetFindingSource;
import io.fgm.query.tail.FindingTail;
import io.fgm.query.tail.KafkaTopicTail;
import io.fgm.query.tail.SampleRates;
import io.fgm.query.tail.SampleTail;
import io.fgm.schema.SampleCodec;
import io.fgm.schema.Finding;
import io.fgm.schema.FindingCodec;
import io.fgm.schema.SampleDecodeException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka tails of the query service: the samples topic ({@link SampleTail}) and the findings topic, read
 * from {@link QueryConfig#tailWindow()} ago into bounded in-memory buffers, so answers include what Flink has not
 * committed to Parquet yet. Without {@link QueryConfig#kafkaBootstrap()} there are none and answers come from
 * Parquet only.
 */
public final class FreshTails implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FreshTails.class);

  /** The samples topic the node agents publish to. */
  public static final String SAMPLES_TOPIC = "fgm.samples";

  private final FindingTail findings;
  private final SampleTail samples;
  private final List<KafkaTopicTail> consumers;

  private FreshTails(FindingTail findings, SampleTail samples, List<KafkaTopicTail> consumers) {
    this.findings = findings;
    this.samples = samples;
    this.consumers = consumers;
  }

  /** Starts the tails when a bootstrap is configured; returns at once (the consumers connect in the background). */
  public static FreshTails start(QueryConfig config) {
    if (config.kafkaBootstrap() == null) {
      return new FreshTails(null, null, List.of());
    }
    FindingTail findings = new FindingTail(config.tailMaxFindings());
    SampleTail samples = new SampleTail(config.tailWindow().toMillis(), config.tailMaxPointsPerSeries(),
        config.tailMaxPoints(), SampleRates.DEFAULT_MAX_GAP_MS, config.clock()::millis);
    List<KafkaTopicTail> consumers = new ArrayList<>();
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
    return new FreshTails(findings, samples, consumers);
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

  /** Findings buffered from Kafka; null without a tail. */
  public FindingTail findings() {
    return findings;
  }

  @Override
  public void close() {
    consumers.forEach(KafkaTopicTail::close);
  }
}
