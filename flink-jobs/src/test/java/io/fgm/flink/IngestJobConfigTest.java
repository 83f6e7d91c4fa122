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
}
