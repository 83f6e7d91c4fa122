package io.fgm.agent.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.agent.NodeAgent;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleCodec;
import io.fgm.testkit.EmbeddedKafkaBroker;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import io.fgm.testkit.cgroup.KubeLayout;
import io.fgm.testkit.cgroup.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spill-and-replay path against a real broker that is stopped and started again: no second is lost, the
 * samples of a container arrive in order, and an agent restarted during the outage replays what it spilled.
 */
class SpillReplayITCase {
  static final String ID = "f".repeat(64);
  static final String TOPIC = "fgm.samples.spill";

  @TempDir Path dir;
  private long publishPeriodMs;

  /** Every tick flushed (the builder's default), and 3-s delivery windows (a window fails and spills whole). */
  @ParameterizedTest(name = "publish period {0} ms")
  @ValueSource(longs = {0, 3000})
  void samples_spilled_during_an_outage_and_a_restart_arrive_in_order_without_gaps(long publishPeriodMs)
      throws Exception {
    this.publishPeriodMs = publishPeriodMs;
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE,
        "11111111-2222-3333-4444-555555555555", ID, Usage.of(0, 1 << 20));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.create(dir.resolve("kafka"), 0).start()) {
      broker.createTopics(1, TOPIC);
      NodeAgent agent = agent(broker);
      agent.start();
      waitFor(() -> agent.stats().samplesSent.get() >= 2, 30);

      broker.stop();
      waitFor(() -> agent.stats().samplesSpilled.get() >= 3, 60);
      agent.close(); // an agent restart in the middle of the outage
      NodeAgent restarted = agent(broker);
      restarted.start();
      waitFor(() -> restarted.stats().samplesSpilled.get() >= 2, 30);

      broker.start();
      waitFor(() -> restarted.stats().samplesReplayed.get() >= 4 && restarted.stats().samplesSent.get() >= 6, 90);
      restarted.close();

      List<Long> times = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> r : consumeAll(broker)) {
        ContainerSample s = SampleCodec.decode(r.value());
        times.add(s.timestampMs());
      }
      assertTrue(times.size() >= 8, "records " + times.size());
      List<Long> distinct = times.stream().distinct().toList();
      for (int i = 1; i < distinct.size(); i++) {
        assertTrue(distinct.get(i) > distinct.get(i - 1), "in order: " + times);
      }
      // the only gap allowed is the agent's own restart (a second or two with no agent running)
      long gaps = 0;
      for (int i = 1; i < distinct.size(); i++) {
        gaps += (distinct.get(i) - distinct.get(i - 1)) / 1000 - 1;
      }
      assertTrue(gaps <= 3, "seconds missing: " + gaps + " in " + distinct);
    } finally {
      fs.close();
    }
  }

  private NodeAgent agent(EmbeddedKafkaBroker broker) {
    return NodeAgent.builder().cgroupRoot(dir.resolve("cg")).procRoot(dir.resolve("proc")).nodeName("n")
        .bootstrapServers(broker.bootstrapServers()).topic(TOPIC).spillDir(dir.resolve("spill")).publishPeriodMs(publishPeriodMs).build();
  }

  private static List<ConsumerRecord<String, byte[]>> consumeAll(EmbeddedKafkaBroker broker) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "spill-it");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (out.isEmpty() || emptyPolls < 5)) {
        var polled = c.poll(Duration.ofMillis(500));
        emptyPolls = polled.isEmpty() ? emptyPolls + 1 : 0;
        polled.forEach(out::add);
      }
    }
    return out;
  }

  private static void waitFor(java.util.function.BooleanSupplier cond, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(100);
    }
  }
}
