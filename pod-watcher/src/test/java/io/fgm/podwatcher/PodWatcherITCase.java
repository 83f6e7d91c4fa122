package io.fgm.podwatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fgm.schema.PodMetadata;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link PodWatcher}: fabric8's mock API server in CRUD mode (pods created, updated and deleted through
 * the real client, watched by a real informer) and a real embedded Kafka broker. Each test watches its own
 * namespace and publishes to its own topic.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PodWatcherITCase {
  static KubernetesMockServer server;
  static KubernetesClient client;
  private static EmbeddedKafkaBroker kafka;
  private static final AtomicInteger SEQ = new AtomicInteger();

  private PodWatcher watcher;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafkaBroker.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @AfterEach
  void stopWatcher() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private String newName(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }

  private PodWatcher startWatcher(String topic, List<String> namespaces, long resyncMs) {
    watcher = PodWatcher.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .topic(topic)
        .namespaces(namespaces)
        .resyncMs(resyncMs)
        .partitions(2)
        .kubernetesClient(client)
        .build()
        .start();
    return watcher;
  }

  private static Pod createPod(String namespace, String name, String containerId) {
    Pod pod = new PodBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).addToLabels("app", name).endMetadata()
        .withNewSpec().withNodeName("node-a").addNewContainer().withName("main").withImage("busybox").endContainer()
        .endSpec()
        .withNewStatus().withQosClass("Burstable")
        .withContainerStatuses(running("main", containerId)).endStatus()
        .build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  private static ContainerStatus running(String name, String containerId) {
    return new ContainerStatusBuilder().withName(name).withContainerID(containerId).withRestartCount(0).build();
  }

  private static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }

  @Test
  void creating_pods_publishes_their_metadata_keyed_by_pod_uid() throws Exception {
    String ns = newName("create");
    String topic = newName("pods");
    startWatcher(topic, List.of(ns), 0);
    Await.until("the watcher has listed the pods", () -> watcher.stats().synced.get());

    Pod a = createPod(ns, "web", "containerd://aaa111");
    Pod b = createPod(ns, "db", "cri-o://bbb222");
    Await.until("two pods are published", () -> watcher.stats().podsPublished.get() == 2);

    Map<String, PodMetadata> pods = TopicContents.read(kafka.bootstrapServers(), topic).currentPods();
    assertEquals(2, pods.size());
    PodMetadata web = pods.get(uid(a));
    assertEquals("web", web.podName());
    assertEquals(ns, web.namespace());
    assertEquals("node-a", web.node());
    assertEquals("Burstable", web.qosClass());
    assertEquals(Map.of("app", "web"), web.labels());
    assertEquals(Map.of("aaa111", "main"), web.containers());
    assertEquals(Map.of("bbb222", "main"), pods.get(uid(b)).containers());
  }

  @Test
  void pods_that_exist_before_the_watcher_starts_are_all_published_at_start_up() throws Exception {
    String ns = newName("startup");
    String topic = newName("pods");
    Pod a = createPod(ns, "one", "containerd://111");
    Pod b = createPod(ns, "two", "containerd://222");
    Pod c = createPod(ns, "three", "containerd://333");

    startWatcher(topic, List.of(), 0); // all namespaces: one cluster-wide watch
    Await.until("the watcher has listed the pods", () -> watcher.stats().synced.get());
    Await.until("every pod of the namespace is on the topic", () -> TopicContents.read(kafka.bootstrapServers(),
        topic).currentPods().keySet().containsAll(List.of(uid(a), uid(b), uid(c))));
  }

  @Test
  void a_restarted_container_publishes_its_new_container_id() throws Exception {
    String ns = newName("restart");
    String topic = newName("pods");
    startWatcher(topic, List.of(ns), 0);
    Await.until("the watcher has listed the pods", () -> watcher.stats().synced.get());
    Pod pod = createPod(ns, "api", "containerd://old0001");
    Await.until("the pod is published", () -> watcher.stats().podsPublished.get() == 1);

    client.pods().inNamespace(ns).withName("api").editStatus(p -> new PodBuilder(p).editStatus()
        .withContainerStatuses(new ContainerStatusBuilder().withName("main").withContainerID("containerd://new0002")
            .withRestartCount(1)
            .withNewLastState().withNewTerminated().withContainerID("containerd://old0001").withExitCode(137)
            .endTerminated().endLastState()
            .build())
        .endStatus().build());
    Await.until("the new mapping is published", () -> watcher.stats().podsPublished.get() == 2);

    List<PodMetadata> history = TopicContents.read(kafka.bootstrapServers(), topic).historyByUid().get(uid(pod));
    assertEquals(2, history.size());
    assertEquals(Map.of("old0001", "main"), history.get(0).containers());
    // the old id stays mapped: its last samples may reach Flink after the new mapping
    assertEquals(Map.of("new0002", "main", "old0001", "main"), history.get(1).containers());
  }

  @Test
  void deleting_a_pod_publishes_a_tombstone() throws Exception {
    String ns = newName("delete");
    String topic = newName("pods");
    startWatcher(topic, List.of(ns), 0);
    Await.until("the watcher has listed the pods", () -> watcher.stats().synced.get());
    Pod pod = createPod(ns, "job", "containerd://ccc333");
    Await.until("the pod is published", () -> watcher.stats().podsPublished.get() == 1);

    client.pods().inNamespace(ns).withName("job").delete();
    Await.until("the tombstone is published", () -> watcher.stats().tombstonesPublished.get() == 1);

    List<PodMetadata> history = TopicContents.read(kafka.bootstrapServers(), topic).historyByUid().get(uid(pod));
    assertEquals(2, history.size());
    assertEquals("job", history.get(0).podName());
    assertNull(history.get(1), "the last record of a deleted pod is a tombstone (null value)");
  }

  @Test
  void an_unchanged_resync_publishes_nothing_new() throws Exception {
    String ns = newName("resync");
    String topic = newName("pods");
    createPod(ns, "a", "containerd://r1");
    createPod(ns, "b", "containerd://r2");
    startWatcher(topic, List.of(ns), 1000);
    Await.until("both pods are published", () -> watcher.stats().podsPublished.get() == 2);

    // a resync replays both pods to the handler; wait for one full round
    Await.until("a resync has replayed both pods", () -> watcher.stats().unchangedSkipped.get() >= 2);
    assertEquals(2, watcher.stats().podsPublished.get());
    assertEquals(2, TopicContents.read(kafka.bootstrapServers(), topic).size());
  }

  @Test
  void a_label_change_is_published_but_a_change_to_unpublished_fields_is_not() throws Exception {
    String ns = newName("labels");
    String topic = newName("pods");
    startWatcher(topic, List.of(ns), 0);
    Await.until("the watcher has listed the pods", () -> watcher.stats().synced.get());
    Pod pod = createPod(ns, "svc", "containerd://l1");
    Await.until("the pod is published", () -> watcher.stats().podsPublished.get() == 1);

    client.pods().inNamespace(ns).withName("svc").editStatus(p -> new PodBuilder(p).editStatus()
        .withPodIP("10.0.0.7").endStatus().build());
    Await.until("the IP change reached the watcher", () -> watcher.stats().unchangedSkipped.get() >= 1);
    client.pods().inNamespace(ns).withName("svc").edit(p -> new PodBuilder(p).editMetadata()
        .addToLabels("version", "2").endMetadata().build());
    Await.until("the label change is published", () -> watcher.stats().podsPublished.get() == 2);

    List<PodMetadata> history = TopicContents.read(kafka.bootstrapServers(), topic).historyByUid().get(uid(pod));
    assertEquals(2, history.size());
    assertEquals(Map.of("app", "svc", "version", "2"), history.get(1).labels());
  }

  @Test
  void reading_the_topic_from_the_start_with_compaction_semantics_yields_the_current_pods() throws Exception {
    String ns = newName("current");
    String topic = newName("pods");
    startWatcher(topic, List.of(ns), 0);
    Await.until("the watcher has listed the pods", () -> watcher.stats().synced.get());
    Pod keep = createPod(ns, "keep", "containerd://k1");
    Pod gone = createPod(ns, "gone", "containerd://g1");
    Pod moved = createPod(ns, "moved", "containerd://m1");
    Await.until("three pods are published", () -> watcher.stats().podsPublished.get() == 3);
    client.pods().inNamespace(ns).withName("gone").delete();
    client.pods().inNamespace(ns).withName("moved").editStatus(p -> new PodBuilder(p).editStatus()
        .withContainerStatuses(running("main", "containerd://m2")).endStatus().build());
    Await.until("the delete and the update are published", () -> watcher.stats().tombstonesPublished.get() == 1
        && watcher.stats().podsPublished.get() == 4);

    Map<String, PodMetadata> current = TopicContents.read(kafka.bootstrapServers(), topic).currentPods();
    assertEquals(java.util.Set.of(uid(keep), uid(moved)), current.keySet());
    assertEquals(Map.of("m2", "main"), current.get(uid(moved)).containers());
    assertTrue(!current.containsKey(uid(gone)));
  }

  @Test
  void an_unreachable_kubernetes_api_is_retried_and_reported_not_ready() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (KubernetesClient unreachable = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
            .withMasterUrl("https://127.0.0.1:" + closedPort).withRequestRetryBackoffLimit(0)
            .withWatchReconnectInterval(100).build())
        .build()) {
      watcher = PodWatcher.builder().bootstrapServers(kafka.bootstrapServers()).topic(newName("pods"))
          .kubernetesClient(unreachable).httpPort(0).build().start();
      Await.until("the informer has failed and retried", () -> watcher.stats().apiErrors.get() >= 2);
      assertTrue(watcher.stats().topicReady.get());
      var health = HttpGet.get(watcher.httpPort(), "/healthz");
      assertEquals(503, health.status());
      assertTrue(health.body().contains("waiting for the Kubernetes API"), health.body());
      assertTrue(HttpGet.get(watcher.httpPort(), "/metrics").body()
          .contains("fgm_pod_watcher_errors_total{kind=\"kubernetes_api\"} "));
    }
  }

  @Test
  void pods_deleted_while_no_watcher_ran_get_a_tombstone_at_start_up() throws Exception {
    String ns = newName("away");
    String topic = newName("pods");
    Pod alive = createPod(ns, "alive", "containerd://al1");
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(),
        "key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class,
        "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class))) {
      for (PodMetadata earlier : List.of(
          new PodMetadata("gone-uid", "gone", ns, "node-a", null, Map.of(), Map.of(), 1L),
          new PodMetadata("other-ns-uid", "elsewhere", "not-watched", "node-a", null, Map.of(), Map.of(), 1L))) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
            earlier.podUid().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            io.fgm.schema.PodMetadataCodec.encode(earlier))).get();
      }
    }

    startWatcher(topic, List.of(ns), 0);
    Await.until("the pod deleted while away is tombstoned", () -> watcher.stats().tombstonesPublished.get() == 1);

    Map<String, PodMetadata> current = TopicContents.read(kafka.bootstrapServers(), topic).currentPods();
    assertEquals(java.util.Set.of(uid(alive), "other-ns-uid"), current.keySet(),
        "a pod of a namespace this watcher does not watch is not its to delete");
  }

  @Test
  void the_topic_is_created_compacted() throws Exception {
    String topic = newName("pods");
    startWatcher(topic, List.of(newName("empty")), 0);
    Await.until("the topic is ready", () -> watcher.stats().topicReady.get());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      String policy = admin.describeConfigs(List.of(r)).all().get().get(r).get("cleanup.policy").value();
      assertEquals("compact", policy);
      assertEquals(2, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
    }
  }
}
