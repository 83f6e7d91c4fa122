package io.fgm.flink;

import static io.fgm.flink.testing.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.testing.Samples;
import io.fgm.flink.testing.StoreReader;
import io.fgm.flink.testing.StoreReader.Row;
import io.fgm.schema.ContainerSample;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store and the checkpoints on {@code s3://}: flink-s3-fs-hadoop against a real S3-compatible server (s3proxy,
 * objects kept as files under a temporary directory, so the test can read them back directly).
 */
class S3StoreITCase {
  private static final String BUCKET = "fgm";

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path blobs;
  private static S3Proxy s3;
  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void start() throws Exception {
    FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(blobs.toString());
    store.createContainer(BUCKET);
    s3 =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "fgm-test", "fgm-test-secret")
            .build();
    s3.start();
    while (!"STARTED".equals(s3.getState())) {
      Thread.sleep(20);
    }
    Configuration conf = new Configuration();
    conf.setString("s3.endpoint", "http://127.0.0.1:" + s3.getPort());
    conf.setString("s3.path.style.access", "true");
    conf.setString("s3.access-key", "fgm-test");
    conf.setString("s3.secret-key", "fgm-test-secret");
    conf.setString("s3.endpoint.region", "us-east-1");
    FileSystem.initialize(conf, null);
    kafka = EmbeddedKafkaBroker.startTemporary();
  }

  @AfterAll
  static void stop() throws Exception {
    FileSystem.initialize(new Configuration(), null);
    if (kafka != null) {
      kafka.close();
    }
    if (s3 != null) {
      s3.stop();
    }
  }

  @Test
  void raw_and_rollup_tiers_and_checkpoints_round_trip_through_s3() throws Exception {
    String topic = "it.samples.s3";
    Samples.createTopics(kafka, 2, topic);
    long t0 = Instant.parse("2026-04-01T12:00:00Z").toEpochMilli();
    List<ContainerSample> samples = new ArrayList<>();
    for (int s = 0; s < 90; s++) {
      for (String node : List.of("node-a", "node-b")) {
        samples.add(sample(t0 + s * 1000L, node, "c-" + node, Map.of("cpu.usage_us", s * 2_000_000.0)));
      }
    }
    Samples.publish(kafka.bootstrapServers(), topic, samples);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    IngestJob.define(
        env,
        IngestJobConfig.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .deadLetterTopic("")
            .groupId("it-s3")
            .startingOffsets(StartingOffsets.EARLIEST)
            .bounded(true)
            .outputPath("s3://" + BUCKET + "/store/raw")
            .rollupOutputPath("s3://" + BUCKET + "/store/rollup_1m")
            .checkpointDir("s3://" + BUCKET + "/checkpoints")
            .checkpointInterval(Duration.ofSeconds(1))
            .restartAttempts(0)
            .build());
    env.execute("s3-it");

    Path raw = blobs.resolve(BUCKET).resolve("store/raw");
    List<Row> rows = StoreReader.rows(raw);
    assertEquals(2 * (90 + 89), rows.size());
    for (Row r : rows) {
      if (r.metric().equals("cpu.usage_millicores")) {
        assertEquals(2000.0, r.value(), 1e-9, r::toString);
      }
      assertEquals("dt=2026-04-01/node=" + r.node(), r.partition());
    }
    Path rollup = blobs.resolve(BUCKET).resolve("store/rollup_1m");
    assertFalse(StoreReader.committedFiles(rollup).isEmpty(), "rollup files on s3");
    assertTrue(
        StoreReader.committedFiles(rollup).stream().allMatch(f -> f.toString().contains("dt=2026-04-01/node=node-")));
    assertTrue(Files.isDirectory(blobs.resolve(BUCKET).resolve("checkpoints")), "checkpoints written to s3");
  }
}
