package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.CPU;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Finding;
import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleCodec;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Tests for the Kafka tails joined with the Parquet store over real HTTP: a real embedded KRaft broker with the
 * samples and the compacted pods topics, the fixture store, and a server whose clock is pinned just after the store's
 * end (so the tail's seconds follow Parquet's). Pod names from {@code fgm.pods} reach containers only the tail knows;
 * values only the tail holds reach rankings, summaries and studies.
 */
class FreshAnswersITCase {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final long NOW = END + 10_000;
  /** Web's last 10 s in Parquet and the tail's 6 s after them. */
  static final String LAST = "from=" + (END - 10_000) + "&to=" + NOW;
  @TempDir static Path store;
  static EmbeddedKafkaBroker broker;
  static QueryServer server;
  static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() throws Exception {
    ClusterFixture.write(store);
    broker = EmbeddedKafkaBroker.startTemporary();
    broker.createTopics(2, Finding.TOPIC, FreshTails.SAMPLES_TOPIC);
    try (var admin = broker.admin()) { // compacted, as deployed; one partition: records are applied in order
      admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(PodMetadata.TOPIC, 1,
          (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(p);
    // a pod record published before the service starts: the compacted topic is read from the beginning
    publishPod(new PodMetadata("uid-shop", "checkout-5f7", "shop", "node-n", "Burstable", Map.of("app", "checkout"),
        Map.of("c-shop-api", "api"), 1));
    server = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .kafkaBootstrap(broker.bootstrapServers())
        .clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)).build());
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
  void a_container_only_in_the_tail_is_listed_with_its_pod_names_and_found_by_every_name_filter() throws Exception {
    publishSamples(unnamed("c-shop-api", "uid-shop"), "node-n", 5.0);
    JsonNode list = await("/api/containers?" + LAST + "&node=node-n",
        j -> j.get("total").asInt() == 1 && "checkout-5f7".equals(text(j.get("containers").get(0), "pod_name")));
    JsonNode c = list.get("containers").get(0);
    assertEquals("c-shop-api", c.get("container_id").asString());
    assertEquals("shop", c.get("namespace").asString());
    assertEquals("api", c.get("container_name").asString());
    for (String filter : new String[] {"namespace=shop", "name=checkout", "name=API", "search=chkout",
        "selector=" + enc("namespace=shop,container_name in (api,web),pod_name=checkout-5f7"),
        "selector=" + enc("pod_uid=uid-shop")}) {
      JsonNode r = get("/api/containers?" + LAST + "&" + filter);
      assertEquals(1, r.get("total").asInt(), filter + " -> " + r);
      assertEquals("c-shop-api", r.get("containers").get(0).get("container_id").asString(), filter);
    }
    JsonNode series = get("/api/timeseries?metric=" + CPU + "&containers=c-shop-api&" + LAST);
    assertEquals("checkout-5f7", series.get("series").get(0).get("pod_name").asString()); // the viewer's legend
    assertEquals("api", series.get("series").get(0).get("container_name").asString());
  }

  @Test
  void a_tombstone_a_missing_pod_record_or_a_garbage_record_leave_the_containers_listed_without_names()
      throws Exception {
    publishPod(new PodMetadata("uid-gone", "gone-1", "tmp", null, null, Map.of(), Map.of("c-gone", "gone"), 2));
    producer.send(new ProducerRecord<>(PodMetadata.TOPIC, bytes("uid-gone"), null)).get(); // tombstone
    producer.send(new ProducerRecord<>(PodMetadata.TOPIC, bytes("uid-junk"), bytes("not avro"))).get();
    producer.send(new ProducerRecord<>(PodMetadata.TOPIC, bytes("uid-empty"), new byte[0])).get();
    // a later record on the same (single) partition: once its names show, everything before it was applied
    publishPod(new PodMetadata("uid-mark", "mark-0", "marks", null, null, Map.of(), Map.of("c-mark", "mark"), 3));
    publishSamples(unnamed("c-gone", "uid-gone"), "node-t", 1.0);
    publishSamples(unnamed("c-orphan", "uid-nobody"), "node-t", 2.0);
    publishSamples(unnamed("c-mark", "uid-mark"), "node-t", 3.0);
    JsonNode list = await("/api/containers?" + LAST + "&node=node-t", j -> j.get("total").asInt() == 3
        && "mark-0".equals(text(byId(j, "c-mark"), "pod_name")));
    for (String id : new String[] {"c-gone", "c-orphan"}) {
      JsonNode c = byId(list, id);
      assertTrue(c.get("pod_name").isNull(), c.toString());
      assertTrue(c.get("namespace").isNull(), c.toString());
      assertTrue(c.get("container_name").isNull(), c.toString());
    }
    assertEquals(0, get("/api/containers?" + LAST + "&namespace=tmp").get("total").asInt());
    JsonNode health = get("/api/health");
    assertTrue(health.get("tail_pods").asInt() >= 2, health.toString()); // uid-shop and uid-mark at least
  }

  @Test
  void a_value_only_in_the_tail_changes_the_ranking_the_summary_and_the_study_input() throws Exception {
    // web in Parquet up to END - 1 s at ~220 m, db at 500 m; the tail overlaps Parquet's last 3 s with 9999 (Parquet
    // must win there) and goes on 6 s with 7777
    for (long t = END - 3000; t <= END + 5000; t += 1000) {
      ContainerSample s = new ContainerSample(t, "node-a", WEB, Map.of(CPU, t < END ? 9999.0 : 7777.0));
      publish(FreshTails.SAMPLES_TOPIC, s.kafkaKey(), SampleCodec.encode(s));
    }
    JsonNode ranked = await("/api/containers?" + LAST + "&node=node-a&sort=" + CPU + ":max",
        j -> j.get("values").has(WEB.containerId()) && j.get("values").get(WEB.containerId()).asDouble() == 7777.0);
    assertEquals(WEB.containerId(), ranked.get("containers").get(0).get("container_id").asString());
    assertEquals(500.0, ranked.get("values").get(ClusterFixture.DB.containerId()).asDouble());
    JsonNode top = get("/api/containers?" + LAST + "&node=node-a&sort=" + CPU + ":p99&limit=1");
    assertEquals(WEB.containerId(), top.get("containers").get(0).get("container_id").asString());

    JsonNode summary = get("/api/summary?containers=" + WEB.containerId() + "&metrics=" + CPU + "&" + LAST);
    JsonNode cpu = summary.get("containers").get(0).get("metrics").get(CPU);
    assertEquals(16, cpu.get("count").asInt(), cpu.toString()); // 10 stored seconds + 6 from the tail, none twice
    assertEquals(7777.0, cpu.get("max").asDouble());
    assertEquals(END + 5000, cpu.get("last_time_ms").asLong());

    JsonNode study = get("/api/studies/changepoint?container=" + WEB.containerId() + "&metric=" + CPU + "&" + LAST);
    assertEquals(16, study.get("points").asInt(), study.toString());
    boolean stepAtEnd = false;
    for (JsonNode cp : study.get("result").get("changepoints")) {
      stepAtEnd |= cp.get("time_ms").asLong() == END && cp.get("absolute_change").asDouble() > 7000;
    }
    assertTrue(stepAtEnd, study.toString());
    JsonNode periodicity = get("/api/studies/periodicity?container=" + WEB.containerId() + "&metric=" + CPU + "&"
        + LAST);
    assertEquals(16, periodicity.get("points").asInt(), periodicity.toString());
  }

  static ContainerRef unnamed(String id, String podUid) {
    return new ContainerRef(id, podUid, QosClass.BURSTABLE, "/kubepods/burstable/pod" + podUid + "/" + id, false,
        null, null, null);
  }

  /** Three samples of {@code c} in the tail's seconds, with a constant CPU value. */
  static void publishSamples(ContainerRef c, String node, double cpu) throws Exception {
    for (long t = END; t < END + 3000; t += 1000) {
      ContainerSample s = new ContainerSample(t, node, c, Map.of(CPU, cpu));
      publish(FreshTails.SAMPLES_TOPIC, s.kafkaKey(), SampleCodec.encode(s));
    }
  }

  static void publishPod(PodMetadata pod) throws Exception {
    publish(PodMetadata.TOPIC, pod.podUid(), PodMetadataCodec.encode(pod));
  }

  static void publish(String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, bytes(key), value)).get();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String text(JsonNode n, String field) {
    return n == null || n.get(field) == null || n.get(field).isNull() ? null : n.get(field).asString();
  }

  static JsonNode byId(JsonNode list, String id) {
    for (JsonNode c : list.get("containers")) {
      if (id.equals(c.get("container_id").asString())) {
        return c;
      }
    }
    return null;
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
    return QueryServer.JSON.readTree(r.body());
  }

  /** Polls {@code path} until {@code done} holds (the tails are asynchronous), for at most 30 s. */
  static JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = get(path);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    assertTrue(false, "not answered within 30 s: " + path + " -> " + last);
    return last;
  }
}
