package io.fgm.flink;

import static io.fgm.flink.testing.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.testing.FailTwiceMap;
import io.fgm.flink.testing.Samples;
import io.fgm.flink.testing.StoreReader;
import io.fgm.flink.testing.StoreReader.Row;
import io.fgm.flink.types.ContainerSampleTypeInfo;
import io.fgm.schema.ContainerSample;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once tests for {@link IngestJob}: task failures injected twice during a run. */
class ExactlyOnceITCase {
  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafkaBroker.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  /**
   * Without compaction every checkpoint commits visible files before the failure that follows it; with compaction
   * the failures hit files pending compaction.
   */
  @ParameterizedTest(name = "compaction every {0} checkpoints")
  @ValueSource(ints = {0, 2})
  void two_task_failures_leave_every_value_stored_exactly_once(int compactEvery, @TempDir Path store)
      throws Exception {
    String topic = "it.samples.exactly-once-" + compactEvery;
    Samples.createTopics(kafka, 2, topic);
    long t0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    int seconds = 200;
    List<ContainerSample> samples = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (int s = 0; s < seconds; s++) {
      for (int n = 0; n < 2; n++) {
        for (int c = 0; c < 5; c++) {
          String id = "c-" + n + "-" + c;
          long t = t0 + s * 1000L;
          samples.add(sample(t, "node-" + n, id, Map.of("cpu.usage_us", s * 100_000.0 * (c + 1),
              "memory.current_bytes", 1e6 * c + s)));
          expected.add(id + "|cpu.usage_us|" + t);
          expected.add(id + "|memory.current_bytes|" + t);
          if (s > 0) {
            expected.add(id + "|cpu.usage_millicores|" + t);
          }
        }
      }
    }
    Samples.publish(kafka.bootstrapServers(), topic, samples);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    FailTwiceMap failures = new FailTwiceMap(2, 300, 2_000);
    IngestJob.define(
        env,
        IngestJobConfig.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .deadLetterTopic("")
            .groupId("it-exactly-once-" + compactEvery)
            .compactEveryCheckpoints(compactEvery)
            .startingOffsets(StartingOffsets.EARLIEST)
            .bounded(true)
            .outputPath(store.toUri().toString())
            .checkpointInterval(Duration.ofMillis(200))
            .restartAttempts(5)
            .build(),
        s -> s.map(failures, ContainerSampleTypeInfo.INSTANCE).name("Fail twice"));
    JobExecutionResult result = env.execute("exactly-once-it");

    assertEquals(0, failures.remaining(), "both failures were injected");
    assertEquals(2L, numRestarts(result), "the job failed and recovered twice");
    List<Row> rows = StoreReader.rows(store);
    Map<String, Long> counts =
        rows.stream()
            .collect(Collectors.groupingBy(r -> r.containerId() + "|" + r.metric() + "|" + r.time(),
                Collectors.counting()));
    Map<String, Long> duplicated =
        counts.entrySet().stream().filter(e -> e.getValue() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertTrue(duplicated.isEmpty(), () -> duplicated.size() + " duplicated values, e.g. " + first(duplicated));
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(counts.keySet());
    assertTrue(missing.isEmpty(), () -> missing.size() + " values missing, e.g. " + missing.iterator().next());
    assertEquals(expected, counts.keySet());
    for (Row r : rows) {
      if (r.metric().equals("cpu.usage_millicores")) {
        int c = Integer.parseInt(r.containerId().substring(r.containerId().length() - 1));
        assertEquals(100.0 * (c + 1), r.value(), 1e-9, r::toString);
      }
    }
  }

  private static Object first(Map<String, Long> m) {
    return m.entrySet().iterator().next();
  }

  private static long numRestarts(JobExecutionResult result) {
    return REPORTER.findMetrics(result.getJobID(), "numRestarts").values().stream()
        .filter(m -> m instanceof Gauge<?>)
        .mapToLong(m -> ((Number) ((Gauge<?>) m).getValue()).longValue())
        .max()
        .orElse(-1);
  }
}
