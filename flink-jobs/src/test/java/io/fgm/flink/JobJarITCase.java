package io.fgm.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.testing.FlinkLib;
import io.fgm.flink.testing.Samples;
import io.fgm.flink.testing.StoreReader;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.FindingCodec;
import io.fgm.schema.FindingKind;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for the job jar ({@code target/fgm-flink-jobs-<version>-job.jar}, built by {@code mvn package}): it is
 * submitted unchanged with Flink's own command line ({@code CliFrontend run}, what {@code bin/flink run} calls) in
 * a separate JVM whose classpath holds only what a Flink distribution's {@code lib/} holds (Flink's modules and
 * their dependencies, log4j), so a class missing from the jar fails the job. The target is {@code local} (a
 * MiniCluster inside the client), as no Flink distribution is available through Maven for 2.2.
 */
class JobJarITCase {
  private static final long T0 = Instant.parse("2026-03-04T08:00:00Z").toEpochMilli();
  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafkaBroker.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  static Path jobJar() throws IOException {
    return FlinkLib.jobJar();
  }

  @Test
  void the_job_jar_holds_the_job_and_its_connectors_but_not_flink_itself() throws IOException {
    try (JarFile jar = new JarFile(jobJar().toFile())) {
      assertEquals(IngestJobMain.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
      for (String present : List.of("io/fgm/flink/IngestJobMain.class", "io/fgm/schema/FindingCodec.class",
          "io/fgm/studies/changepoint/Changepoints.class",
          "org/apache/flink/connector/kafka/source/KafkaSource.class",
          "org/apache/flink/formats/parquet/ParquetWriterFactory.class", "org/apache/parquet/avro/AvroParquetWriter.class",
          "org/apache/hadoop/conf/Configuration.class", "org/apache/kafka/clients/consumer/KafkaConsumer.class",
          "avro/finding-v1.avsc")) {
        assertNotNull(jar.getEntry(present), present);
      }
      for (String absent : List.of("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
          "org/apache/flink/runtime/minicluster/MiniCluster.class",
          "org/apache/flink/connector/file/sink/FileSink.class", "org/apache/logging/log4j/core/Logger.class",
          "org/slf4j/Logger.class", "log4j2-test.xml")) {
        assertNull(jar.getEntry(absent), absent);
      }
    }
  }

  @Test
  void flink_run_with_only_flinks_own_classpath_runs_the_job_jar_end_to_end(@TempDir Path dir) throws Exception {
    String topic = "jar.samples";
    Samples.createTopics(kafka, 2, topic, io.fgm.schema.Finding.TOPIC);
    List<ContainerSample> samples = new ArrayList<>();
    for (int s = 0; s < 40; s++) {
      samples.add(Samples.sample(T0 + s * 1000L, "node-j", "c-j",
          Map.of("cpu.usage_us", s * 250_000.0, "memory.events.oom_kill", s < 20 ? 0.0 : 1.0)));
    }
    Samples.publish(kafka.bootstrapServers(), topic, samples);

    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(conf.resolve("config.yaml"),
        "rest.bind-address: 127.0.0.1\nrest.address: 127.0.0.1\ntaskmanager.numberOfTaskSlots: 2\n"
            + "jobmanager.bind-host: 127.0.0.1\ntaskmanager.bind-host: 127.0.0.1\ntaskmanager.host: 127.0.0.1\n");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m"));
    cmd.addAll(FlinkLib.JVM_OPTS);
    cmd.addAll(List.of(
        "-cp", FlinkLib.classpath(),
        "org.apache.flink.client.cli.CliFrontend", "run", "-t", "local", "-p", "2",
        jobJar().toAbsolutePath().toString(),
        "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", topic,
        "--starting-offsets", "earliest",
        "--bounded", "true",
        "--output-path", dir.resolve("store/raw").toUri().toString(),
        "--checkpoint-interval", "500ms",
        "--compact-every-checkpoints", "0",
        "--restart-attempts", "0"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
    pb.environment().put("FLINK_CONF_DIR", conf.toString());
    Process p = pb.start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("run.log"), StandardCharsets.UTF_8);
    assertTrue(done, () -> "flink run did not finish in 120 s:\n" + tail(log));
    assertEquals(0, p.exitValue(), () -> "flink run failed:\n" + tail(log));

    List<StoreReader.Row> rows = StoreReader.rows(dir.resolve("store/raw"));
    assertEquals(39, rows.stream().filter(r -> r.metric().equals("cpu.usage_millicores")).count());
    // The findings tier defaults to <store>/findings, beside the raw tier <store>/raw.
    List<FindingKind> kinds = StoreReader.committedFiles(dir.resolve("store/findings")).stream()
        .flatMap(f -> StoreReader.records(f).stream())
        .map(r -> FindingCodec.fromRecord(r).kind())
        .collect(Collectors.toList());
    assertEquals(List.of(FindingKind.OOM_KILL), kinds);
  }

  private static String tail(String log) {
    return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
  }
}
