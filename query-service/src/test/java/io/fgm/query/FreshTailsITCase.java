package io.fgm.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.fixture.FindingFixture;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Finding;
import io.fgm.schema.FindingCodec;
import io.fgm.schema.FindingKind;
import io.fgm.schema.SampleCodec;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Tests for the Kafka tails ({@link FreshTails}): a real embedded KRaft broker, a real server, records published to
 * the real topics show up in the answers within seconds, with no Parquet (or before it).
 * The store directory is empty throughout.
 */
class FreshTailsITCase {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path store;
  static EmbeddedKafkaBroker broker;
  static QueryServer server;
  static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.startTemporary();
    broker.createTopics(2, Finding.TOPIC, "fgm.samples");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(p);
    server = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .kafkaBootstrap(broker.bootstrapServers()).build());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void a_published_finding_is_answered_within_seconds_and_its_longer_version_replaces_it() throws Exception {
    long now = System.currentTimeMillis();
    Finding first = FindingFixture.finding(FindingKind.MEMORY_NEAR_LIMIT, "node-k", ClusterFixture.DB,
        "memory.working_set_bytes", now - 60_000, now - 50_000, 0.6, Map.of("limit_bytes", 2e9));
    publish(Finding.TOPIC, first.kafkaKey(), FindingCodec.encode(first));
    JsonNode r = await("/api/findings?from=-10m&kind=memory_near_limit", j -> j.get("total").asInt() == 1);
    assertEquals(first.findingId(), r.get("findings").get(0).get("finding_id").asString());
    assertEquals(first.endMs(), r.get("findings").get(0).get("end_ms").asLong());

    Finding longer = new Finding(first.findingId(), first.kind(), first.node(), first.containerId(), first.podUid(),
        first.podName(), first.namespace(), first.containerName(), first.metric(), first.startMs(), now - 10_000,
        now - 5_000, 0.8, 1.9e9, "still near the limit", first.details());
    publish(Finding.TOPIC, longer.kafkaKey(), FindingCodec.encode(longer));
    r = await("/api/findings?from=-10m&kind=memory_near_limit",
        j -> j.get("findings").get(0).get("end_ms").asLong() == longer.endMs());
    assertEquals(1, r.get("total").asInt());
    assertEquals("still near the limit", r.get("findings").get(0).get("description").asString());
  }

  @Test
  void a_record_that_is_not_a_finding_is_skipped_and_the_tail_goes_on() throws Exception {
    long now = System.currentTimeMillis();
    publish(Finding.TOPIC, "node-k/garbage", "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Finding oom = FindingFixture.finding(FindingKind.OOM_KILL, "node-k", ClusterFixture.WEB,
        "memory.events.oom_kill", now - 30_000, now - 30_000, 1.0, Map.of("oom_kills", 2.0));
    publish(Finding.TOPIC, oom.kafkaKey(), FindingCodec.encode(oom));
    JsonNode r = await("/api/findings?from=-10m&kind=oom_kill&node=node-k", j -> j.get("total").asInt() == 1);
    assertEquals(oom.findingId(), r.get("findings").get(0).get("finding_id").asString());
  }

  @Test
  void a_published_sample_shows_up_in_timeseries_and_containers_within_seconds_with_no_parquet() throws Exception {
    long t = System.currentTimeMillis() / 1000 * 1000 - 5_000;
    io.fgm.schema.ContainerRef c = new io.fgm.schema.ContainerRef("c-live-0001", "uid-live",
        io.fgm.schema.QosClass.BURSTABLE, "/kubepods/c-live-0001", false, "live-0", "prod", "live");
    for (int s = 0; s < 3; s++) {
      ContainerSample sample = new ContainerSample(t + s * 1000L, "node-live", c,
          Map.of("cpu.usage_us", s * 500_000.0, "memory.current_bytes", 1e6 + s));
      publish("fgm.samples", sample.kafkaKey(), SampleCodec.encode(sample));
    }
    JsonNode series = await("/api/timeseries?metric=memory.current_bytes&containers=c-live-0001&from=-5m",
        j -> j.get("series").size() == 1 && j.get("series").get(0).get("t").size() == 3);
    assertEquals(t, series.get("series").get(0).get("t").get(0).asLong());
    assertEquals(1e6 + 2, series.get("series").get(0).get("v").get(2).asDouble());
    assertEquals("live-0", series.get("series").get(0).get("pod_name").asString());
    JsonNode rate = await("/api/timeseries?metric=cpu.usage_millicores&containers=c-live-0001&from=-5m",
        j -> j.get("series").size() == 1);
    assertEquals(500.0, rate.get("series").get(0).get("v").get(0).asDouble()); // 0.5 s of CPU per second
    JsonNode list = await("/api/containers?from=-5m&node=node-live", j -> j.get("total").asInt() == 1);
    assertEquals("c-live-0001", list.get("containers").get(0).get("container_id").asString());
    JsonNode health = await("/api/health", j -> j.get("tail_samples_seen").asLong() >= 3);
    assertTrue(health.get("tail_sample_points").asLong() >= 8, health.toString()); // 2 metrics x 3 s + 2 rates
  }

  static void publish(String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value)).get();
  }

  /** Polls {@code path} until {@code done} holds (the tail is asynchronous), for at most 30 s. */
  static JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      last = QueryServer.JSON.readTree(r.body());
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    assertTrue(false, "not answered within 30 s: " + path + " -> " + last);
    return last;
  }
}
