package io.fgm.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link IngestJobConfig}. */
class IngestJobConfigTest {

  @Test
  void only_the_bootstrap_servers_are_required() {
    IngestJobConfig c = IngestJobConfig.builder().bootstrapServers("127.0.0.1:9092").build();
    assertEquals("fgm.samples", c.topic());
    assertEquals("fgm.samples.dlq", c.deadLetterTopic());
    assertEquals(Duration.ofSeconds(10), c.checkpointInterval());
    assertEquals(StartingOffsets.COMMITTED, c.startingOffsets());
    assertThrows(IllegalArgumentException.class, () -> IngestJobConfig.builder().build());
  }

  @Test
  void arguments_are_read_by_name_with_flink_durations_and_kafka_properties() {
    IngestJobConfig c =
        IngestJobConfig.fromArgs(
            Map.of(
                "bootstrap-servers", "k:9092",
                "output-path", "s3://bucket/store",
                "checkpoint-interval", "5 s",
                "starting-offsets", "earliest",
                "dead-letter-topic", "",
                "kafka.security.protocol", "SSL"));
    assertEquals("s3://bucket/store", c.outputPath());
    assertEquals(Duration.ofSeconds(5), c.checkpointInterval());
    assertEquals(StartingOffsets.EARLIEST, c.startingOffsets());
    assertFalse(c.deadLetterTopicEnabled());
    assertEquals(Map.of("security.protocol", "SSL"), c.kafkaProperties());
  }

  @Test
  void a_misspelt_argument_is_an_error_not_a_silent_default() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IngestJobConfig.fromArgs(Map.of("bootstrap-servers", "k:9092", "ouput-path", "file:///x")));
    assertEquals("unknown argument --ouput-path", e.getMessage());
  }

  @Test
  void an_output_path_without_a_scheme_is_rejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> IngestJobConfig.builder().bootstrapServers("k:1").outputPath("/tmp/store").build());
  }

  @Test
  void findings_go_to_their_topic_and_to_the_stores_findings_directory_by_default() {
    IngestJobConfig c =
        IngestJobConfig.builder().bootstrapServers("k:1").outputPath("file:///var/fgm/store/raw/").build();
    assertEquals("fgm.findings", c.findingsTopic());
    assertEquals("file:///var/fgm/store/findings", c.findingsOutputPath());
    assertEquals("s3://fgm/findings",
        IngestJobConfig.builder().bootstrapServers("k:1").outputPath("s3://fgm/raw").build().findingsOutputPath());
    assertEquals("s3://fgm/store/findings",
        IngestJobConfig.builder().bootstrapServers("k:1").outputPath("s3://fgm/store").build().findingsOutputPath());
    assertEquals(io.fgm.flink.findings.FindingsSettings.defaults(), c.findings());
  }

  @Test
  void the_pods_tier_sits_beside_the_raw_tier_by_default_and_an_empty_path_turns_it_off() {
    assertEquals("s3://fgm/pods",
        IngestJobConfig.builder().bootstrapServers("k:1").outputPath("s3://fgm/raw/").build().podsOutputPath());
    assertEquals("file:///var/fgm/store/pods",
        IngestJobConfig.builder().bootstrapServers("k:1").outputPath("file:///var/fgm/store").build().podsOutputPath());
    IngestJobConfig off =
        IngestJobConfig.fromArgs(Map.of("bootstrap-servers", "k:1", "pods-output-path", ""));
    assertFalse(off.podsOutputEnabled());
    IngestJobConfig noEnrichment =
        IngestJobConfig.fromArgs(Map.of("bootstrap-servers", "k:1", "pods-topic", ""));
    assertFalse(noEnrichment.podsOutputEnabled(), "the tier is fed by the pods topic: no topic, no tier");
    assertThrows(IllegalArgumentException.class, () -> IngestJobConfig.fromArgs(
        Map.of("bootstrap-servers", "k:1", "pods-output-path", "relative/pods")));
  }

  @Test
  void empty_findings_topic_and_path_turn_the_studies_off() {
    IngestJobConfig c =
        IngestJobConfig.fromArgs(Map.of("bootstrap-servers", "k:1", "findings-topic", "", "findings-output-path", ""));
    assertFalse(c.findingsEnabled());
  }

  @Test
  void findings_thresholds_are_read_from_arguments_in_any_order() {
    IngestJobConfig c =
        IngestJobConfig.fromArgs(
            Map.of(
                "bootstrap-servers", "k:1",
                "findings-slide", "15 s",
                "findings-window", "60 s",
                "throttled-ratio", "0.5",
                "throttling-sustain", "1 min",
                "near-limit-fraction", "0.8",
                "changepoint-min-relative-change", "0.3",
                "periodicity-window", "30 s"));
    assertEquals(Duration.ofSeconds(60), c.findings().window());
    assertEquals(Duration.ofSeconds(15), c.findings().slide());
    assertEquals(0.5, c.findings().throttledRatio());
    assertEquals(Duration.ofMinutes(1), c.findings().throttlingSustain());
    assertEquals(0.8, c.findings().nearLimitFraction());
    assertEquals(0.3, c.findings().changepointMinRelativeChange());
    assertEquals(Duration.ofSeconds(30), c.findings().periodicityWindow());
    assertThrows(IllegalArgumentException.class,
        () -> IngestJobConfig.fromArgs(Map.of("bootstrap-servers", "k:1", "findings-slide", "10 min")));
  }
}
