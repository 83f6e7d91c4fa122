package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.BATCH;
import static io.fgm.query.fixture.ClusterFixture.CPU;
import static io.fgm.query.fixture.ClusterFixture.DB;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.OLD;
import static io.fgm.query.fixture.ClusterFixture.OLD_ONE;
import static io.fgm.query.fixture.ClusterFixture.START;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.fixture.PodFixture;
import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
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
 * Tests for {@code selector=} over pod labels through real HTTP: a real embedded KRaft broker with the compacted
 * {@code fgm.pods} topic (live pods; db's pod is deleted, a tombstone) and the fixture store with its pods tier
 * ({@link PodFixture}: the versions Flink stored, deleted pods included).
 */
class PodLabelSelectorITCase {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String NOW_RANGE = "from=" + START + "&to=" + (END - 1);
  static final String PAST_RANGE = "from=" + (OLD - 1000) + "&to=" + (OLD + 120_000);
  /** web's live version: newer than the stored one ({@code app=web-old}). */
  static final PodMetadata WEB_LIVE = PodFixture.pod(WEB, Map.of("app", "web", "team", "shop"),
      PodFixture.WEB_STORED.updatedMs() + 1);
  @TempDir static Path store;
  static EmbeddedKafkaBroker broker;
  static QueryServer server;
  static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() throws Exception {
    ClusterFixture.write(store);
    PodFixture.write(store);
    broker = EmbeddedKafkaBroker.startTemporary();
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(PodMetadata.TOPIC, 1, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(p);
    // db's pod lived (with a label the stored version lacks) and was deleted; web's pod is alive
    publish(DB.podUid(), PodMetadataCodec.encode(PodFixture.pod(DB, Map.of("app", "postgres", "live", "yes"),
        PodFixture.DB_LATEST.updatedMs() + 1)));
    publish(WEB.podUid(), PodMetadataCodec.encode(WEB_LIVE));
    publish(DB.podUid(), null);
    for (String mark : new String[] {"uid-mark-1", "uid-mark-2"}) { // sizes 1, 2, 1, 2, 3: at 3 all is applied
      publish(mark, PodMetadataCodec.encode(new PodMetadata(mark, mark, "marks", null, null, Map.of(), Map.of(), 1)));
    }
    server = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .kafkaBootstrap(broker.bootstrapServers()).relistInterval(Duration.ofMillis(200))
        .clock(Clock.fixed(Instant.ofEpochMilli(END + 10_000), ZoneOffset.UTC)).build());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (get("/api/health").get("tail_pods").asInt() != 3) {
      assertTrue(System.nanoTime() < deadline, "the pods topic was not applied: " + get("/api/health"));
      Thread.sleep(100);
    }
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
  void a_live_pods_container_is_found_by_its_labels_and_the_live_version_wins_over_the_stored_one()
      throws Exception {
    assertEquals(List.of(WEB.containerId()), ids(NOW_RANGE, "app=web"));
    assertEquals(List.of(WEB.containerId()), ids(NOW_RANGE, "app in (web,legacy),team=shop,namespace=prod"));
    assertEquals(List.of(), ids(NOW_RANGE, "app=web-old")); // the stored version is older
    JsonNode health = get("/api/health");
    assertEquals(3, health.get("stored_pods").asInt(), health.toString());
  }

  @Test
  void a_deleted_pods_container_is_found_by_its_stored_labels() throws Exception {
    assertEquals(List.of(OLD_ONE.containerId()), ids(PAST_RANGE, "app=legacy"));
    assertEquals(List.of(OLD_ONE.containerId()), ids(PAST_RANGE, "team=shop,!live"));
    // db's pod: tombstoned in Kafka, its latest stored version answers (not the earlier app=mysql)
    assertEquals(List.of(DB.containerId()), ids(NOW_RANGE, "app=postgres"));
    assertEquals(List.of(DB.containerId()), ids(NOW_RANGE, "app.kubernetes.io/part-of=shop"));
    assertEquals(List.of(), ids(NOW_RANGE, "app=mysql"));
    assertEquals(List.of(), ids(NOW_RANGE, "live=yes")); // the tombstoned live version is gone
    assertEquals(List.of(), ids(NOW_RANGE, "namespace=evil")); // the identity label wins over the pod label
  }

  @Test
  void negative_terms_match_containers_whose_pods_lack_the_label() throws Exception {
    assertEquals(List.of(BATCH.containerId()), ids(NOW_RANGE, "!app")); // batch's pod has no labels at all
    assertEquals(List.of(DB.containerId(), BATCH.containerId()), ids(NOW_RANGE, "app!=web"));
    assertEquals(List.of(DB.containerId(), BATCH.containerId()), ids(NOW_RANGE, "team notin (shop)"));
    assertEquals(List.of(), ids(NOW_RANGE, "no-such-label=x"));
    assertEquals(3, ids(NOW_RANGE, "example.com/no-such-label!=x").size());
  }

  @Test
  void a_top_n_ranks_only_the_selected_containers() throws Exception {
    JsonNode top = get("/api/containers?" + NOW_RANGE + "&sort=" + CPU + ":max&limit=1&selector=" + enc("team"));
    assertEquals(2, top.get("total").asInt(), top.toString()); // web and db have a team
    assertEquals(DB.containerId(), top.get("containers").get(0).get("container_id").asString());
    JsonNode spiky = get("/api/containers?" + NOW_RANGE + "&sort=" + CPU + ":max&limit=1&selector=" + enc("app!=web"));
    assertEquals(BATCH.containerId(), spiky.get("containers").get(0).get("container_id").asString()); // 5000 m
  }

  @Test
  void each_listed_container_carries_the_labels_of_its_pods_version_the_selector_uses() throws Exception {
    Map<String, JsonNode> byId = byId(get("/api/containers?" + NOW_RANGE));
    assertEquals(Map.of("app", "web", "team", "shop"), labels(byId.get(WEB.containerId()))); // live, not web-old
    // db's pod is deleted (tombstoned in Kafka): the latest stored version, not the earlier app=mysql
    assertEquals(PodFixture.DB_LATEST.labels(), labels(byId.get(DB.containerId())));
    assertEquals(Map.of(), labels(byId.get(BATCH.containerId()))); // no version of batch's pod anywhere
  }

  @Test
  void a_top_n_listing_carries_the_pod_labels_of_each_ranked_container() throws Exception {
    JsonNode top = get("/api/containers?" + NOW_RANGE + "&sort=" + CPU + ":max&limit=3");
    assertEquals(3, top.get("containers").size(), top.toString());
    Map<String, JsonNode> byId = byId(top);
    assertEquals(Map.of("app", "web", "team", "shop"), labels(byId.get(WEB.containerId())));
    assertEquals(PodFixture.DB_LATEST.labels(), labels(byId.get(DB.containerId())));
    assertEquals(Map.of(), labels(byId.get(BATCH.containerId())));
  }

  @Test
  void a_version_stored_after_start_is_picked_up() throws Exception {
    PodFixture.write(store.resolve("pods/dt=2026-03-02"), "part-0009.parquet", List.of(PodFixture.pod(OLD_ONE,
        Map.of("app", "legacy", "team", "shop", "stage", "archived"), OLD + 1)));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (ids(PAST_RANGE, "stage=archived").isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the new pods file was not read");
      Thread.sleep(100);
    }
    assertEquals(List.of(OLD_ONE.containerId()), ids(PAST_RANGE, "stage=archived,app=legacy"));
  }

  @Test
  void a_malformed_selector_is_a_400_naming_the_selector() throws Exception {
    for (String bad : new String[] {"app in (web", "=web", "app=web=x", "-app=web", "app in ()"}) {
      HttpResponse<String> r = send("/api/containers?" + NOW_RANGE + "&selector=" + enc(bad));
      assertEquals(400, r.statusCode(), bad + " -> " + r.body());
      assertEquals("selector", QueryServer.JSON.readTree(r.body()).get("parameter").asString(), r.body());
    }
  }

  static List<String> ids(String range, String selector) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode c : get("/api/containers?" + range + "&selector=" + enc(selector)).get("containers")) {
      out.add(c.get("container_id").asString());
    }
    return out;
  }

  static Map<String, JsonNode> byId(JsonNode page) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode c : page.get("containers")) {
      out.put(c.get("container_id").asString(), c);
    }
    return out;
  }

  /** The container's {@code labels}, which must be a JSON object (never null or missing). */
  static Map<String, String> labels(JsonNode container) {
    assertTrue(container != null, "container not listed");
    JsonNode labels = container.get("labels");
    assertTrue(labels != null && labels.isObject(), "labels must be an object: " + container);
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      out.put(e.getKey(), e.getValue().asString());
    }
    return out;
  }

  static void publish(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(PodMetadata.TOPIC, key.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static HttpResponse<String> send(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send(path);
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
    return QueryServer.JSON.readTree(r.body());
  }
}
