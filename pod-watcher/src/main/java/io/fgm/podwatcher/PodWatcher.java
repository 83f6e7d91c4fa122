package io.fgm.podwatcher;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster-wide watcher of pods that keeps the compacted topic {@code fgm.pods} equal to the pods of the
 * cluster: a fabric8 {@link SharedIndexInformer} per watched scope (all namespaces, or each configured namespace),
 * its events turned into records by {@link PodEventHandler}.
 *
 * <p>Start-up never fails for want of a peer: the topic is checked or created with exponential backoff until
 * Kafka answers, then the informers start and retry the Kubernetes API with fabric8's own backoff until it
 * answers. Each outage is logged as one clear line, repeated at most every 30 s.
 *
 * <pre>{@code
 * try (PodWatcher w = PodWatcher.builder().bootstrapServers("127.0.0.1:9092").build()) {
 *   w.start();
 *   ...
 * }
 * }</pre>
 */
public final class PodWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodWatcher.class);
  private static final long TOMBSTONE_RETRY_MS = 10_000;

  private final Builder config;
  private final PodWatcherStats stats = new PodWatcherStats();
  private final ScheduledExecutorService scheduler;
  private final Backoff kafkaBackoff = new Backoff(1_000, 60_000);
  private final RateLimitedWarning apiWarning;
  private final RateLimitedWarning kafkaWarning;
  private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();
  private final List<PodEventHandler> handlers = new ArrayList<>();
  private KubernetesClient client;
  private boolean ownsClient;
  private PodMetadataPublisher publisher;
  private PodWatcherHttpServer http;
  private volatile boolean closed;

  private PodWatcher(Builder b) {
    this.config = b;
    this.apiWarning = new RateLimitedWarning(LOG, b.clock, 30_000);
    this.kafkaWarning = new RateLimitedWarning(LOG, b.clock, 30_000);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fgm-pod-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the HTTP endpoints and, in the background, the topic check and the informers. Returns at once. */
  public synchronized PodWatcher start() {
    if (config.httpPort >= 0) {
      try {
        http = new PodWatcherHttpServer(config.httpHost, config.httpPort, stats);
        LOG.info("/healthz and /metrics on http://{}:{}/", config.httpHost, http.port());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + config.httpHost + ":" + config.httpPort, e);
      }
    }
    if (config.kubernetesClient == null && !KubernetesConfigSources.anyPresent()) {
      LOG.warn("No Kubernetes configuration found ({}): the watcher will try https://kubernetes.default.svc and "
          + "keep retrying. Outside a cluster (a laptop) the pod watcher is not needed; samples then carry no pod "
          + "names.", KubernetesConfigSources.describeChecked());
    }
    scheduler.execute(this::ensureTopicThenWatch);
    return this;
  }

  public PodWatcherStats stats() {
    return stats;
  }

  /** The bound HTTP port (useful with port 0), or -1 when off. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  private void ensureTopicThenWatch() {
    if (closed) {
      return;
    }
    try {
      PodsTopic.ensure(config.bootstrapServers, config.topic, config.partitions, config.replicationFactor,
          config.topicTimeoutMs);
    } catch (Exception e) {
      stats.kafkaErrors.incrementAndGet();
      long delay = kafkaBackoff.nextDelayMs();
      kafkaWarning.warn("Kafka at {} not reachable to check topic {} ({}); retrying with backoff, next in {} s",
          config.bootstrapServers, config.topic, rootMessage(e), delay / 1000);
      if (!closed) {
        scheduler.schedule(this::ensureTopicThenWatch, delay, TimeUnit.MILLISECONDS);
      }
      return;
    }
    kafkaBackoff.reset();
    stats.topicReady.set(true);
    synchronized (this) {
      if (closed) {
        return;
      }
      publisher = new KafkaPodMetadataPublisher(config.bootstrapServers, config.topic, config.producerOverrides);
      startInformers();
    }
    scheduler.scheduleWithFixedDelay(this::retryFailedTombstones, TOMBSTONE_RETRY_MS, TOMBSTONE_RETRY_MS,
        TimeUnit.MILLISECONDS);
  }

  private void startInformers() {
    if (config.kubernetesClient != null) {
      client = config.kubernetesClient;
    } else {
      client = new KubernetesClientBuilder().withConfig(standardConfig()).build();
      ownsClient = true;
    }
    String apiUrl = client.getConfiguration().getMasterUrl();
    List<CompletableFuture<Void>> synced = new ArrayList<>();
    List<String> scopes = config.namespaces.isEmpty() ? List.of("") : config.namespaces;
    for (String namespace : scopes) {
      SharedIndexInformer<Pod> informer = namespace.isEmpty()
          ? client.pods().inAnyNamespace().runnableInformer(config.resyncMs)
          : client.pods().inNamespace(namespace).runnableInformer(config.resyncMs);
      PodEventHandler handler = new PodEventHandler(new PublishedPods(), publisher, stats, config.clock,
          () -> informer.getStore().list());
      informer.exceptionHandler((started, error) -> {
        stats.apiErrors.incrementAndGet();
        apiWarning.warn("Kubernetes API at {} failed to {} pods{} ({}); retrying with backoff", apiUrl,
            started ? "watch" : "list", namespace.isEmpty() ? "" : " in namespace " + namespace, rootMessage(error));
        // never give up: a watcher that stops watching is silently wrong (stop() ends the retries at shutdown)
        return true;
      });
      informer.addEventHandler(handler);
      informers.add(informer);
      handlers.add(handler);
      synced.add(informer.start().toCompletableFuture());
    }
    String scope = config.namespaces.isEmpty() ? "all namespaces" : "namespaces " + config.namespaces;
    LOG.info("Watching pods in {} at {} (resync every {} s), publishing to {} at {}", scope, apiUrl,
        config.resyncMs / 1000, config.topic, config.bootstrapServers);
    CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
      if (error == null) {
        stats.synced.set(true);
        LOG.info("Pods listed: {} pods in {}; their metadata is on {}", stats.podsKnown.get(), scope,
            config.topic);
        scheduler.execute(this::tombstonePodsDeletedWhileAway);
      } else if (!closed) {
        LOG.error("Pod informer stopped: {}", rootMessage(error));
      }
    });
  }

  /**
   * The client configuration from the standard sources (KUBECONFIG or ~/.kube/config, the in-cluster service
   * account, KUBERNETES_* variables). The HTTP layer's own retries are cut to two: the informer retries forever
   * with its own backoff, and an outage should reach the log (and /metrics) in seconds, not after minutes of
   * silent retries.
   */
  private static Config standardConfig() {
    Config c = Config.autoConfigure(null);
    c.setRequestRetryBackoffLimit(2);
    return c;
  }

  /**
   * Pods deleted while no watcher ran are still in the topic (nobody published their tombstone): compare the topic
   * with the cluster once, after the first list, and tombstone the difference. Best effort: when Kafka cannot be
   * read, they stay until the next start.
   */
  private void tombstonePodsDeletedWhileAway() {
    try {
      Map<String, String> inTopic = PublishedTopic.livePods(config.bootstrapServers, config.topic,
          java.time.Duration.ofMillis(Math.max(config.topicTimeoutMs, 30_000)));
      java.util.Set<String> inCluster = new java.util.HashSet<>();
      List<PodEventHandler> hs;
      synchronized (this) {
        informers.forEach(i -> i.getStore().list().forEach(p -> inCluster.add(p.getMetadata().getUid())));
        hs = List.copyOf(handlers);
      }
      List<String> orphans = PublishedTopic.orphans(inTopic, inCluster, config.namespaces);
      if (!orphans.isEmpty()) {
        LOG.info("{} pods in {} no longer exist (deleted while no watcher ran): publishing their tombstones",
            orphans.size(), config.topic);
        orphans.forEach(uid -> hs.get(0).tombstone(uid));
      }
    } catch (RuntimeException e) {
      stats.kafkaErrors.incrementAndGet();
      LOG.warn("Could not read {} to find pods deleted while no watcher ran ({}); they stay until the next start",
          config.topic, rootMessage(e));
    }
  }

  private void retryFailedTombstones() {
    List<PodEventHandler> hs;
    synchronized (this) {
      hs = List.copyOf(handlers);
    }
    hs.forEach(PodEventHandler::retryFailedTombstones);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? t.toString() : t.getClass().getSimpleName() + ": " + root;
  }

  @Override
  public synchronized void close() {
    closed = true;
    informers.forEach(SharedIndexInformer::stop);
    scheduler.shutdownNow();
    if (publisher != null) {
      publisher.close();
    }
    if (ownsClient && client != null) {
      client.close();
    }
    if (http != null) {
      http.close();
    }
  }

  /** Configuration; {@link #build()} validates it. */
  public static final class Builder {
    private String bootstrapServers = "localhost:9092";
    private String topic = io.fgm.schema.PodMetadata.TOPIC;
    private List<String> namespaces = List.of();
    private long resyncMs = 300_000;
    private int partitions = 1;
    private short replicationFactor = 1;
    private int httpPort = -1;
    private String httpHost = "127.0.0.1";
    private Clock clock = Clock.systemUTC();
    private KubernetesClient kubernetesClient;
    private Map<String, Object> producerOverrides = Map.of();
    private long topicTimeoutMs = 10_000;

    public Builder bootstrapServers(String v) {
      bootstrapServers = v;
      return this;
    }

    public Builder topic(String v) {
      topic = v;
      return this;
    }

    /** Namespaces to watch; empty = all namespaces (one cluster-wide watch). */
    public Builder namespaces(List<String> v) {
      namespaces = List.copyOf(v);
      return this;
    }

    /** How often the informer replays its cache; replays publish only what a lost send left unpublished. */
    public Builder resyncMs(long v) {
      resyncMs = v;
      return this;
    }

    public Builder partitions(int v) {
      partitions = v;
      return this;
    }

    public Builder replicationFactor(short v) {
      replicationFactor = v;
      return this;
    }

    /** Port of /healthz and /metrics; 0 = any free port, -1 = off (the default). */
    public Builder httpPort(int v) {
      httpPort = v;
      return this;
    }

    public Builder httpHost(String v) {
      httpHost = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /** A client to use instead of one from the standard sources; the caller keeps ownership. */
    public Builder kubernetesClient(KubernetesClient v) {
      kubernetesClient = v;
      return this;
    }

    /** Extra Kafka producer properties (e.g. {@code delivery.timeout.ms}); they win over the defaults. */
    public Builder producerOverrides(Map<String, Object> v) {
      producerOverrides = Map.copyOf(v);
      return this;
    }

    /** How long one attempt to check or create the topic waits for Kafka before backing off. */
    Builder topicTimeoutMs(long v) {
      topicTimeoutMs = v;
      return this;
    }

    public PodWatcher build() {
      require(bootstrapServers != null && !bootstrapServers.isBlank(), "bootstrap servers are required");
      require(topic != null && !topic.isBlank(), "a topic is required");
      require(resyncMs == 0 || resyncMs >= 1000, "resync period must be 0 (off) or at least 1 s, got " + resyncMs
          + " ms");
      require(topicTimeoutMs >= 100, "topic timeout must be at least 100 ms, got " + topicTimeoutMs);
      require(partitions >= 1, "partitions must be >= 1, got " + partitions);
      require(replicationFactor >= 1, "replication factor must be >= 1, got " + replicationFactor);
      require(httpPort >= -1 && httpPort <= 65535, "HTTP port must be -1 (off) or 0-65535, got " + httpPort);
      for (String ns : namespaces) {
        require(ns != null && !ns.isBlank(), "namespace names must not be blank: " + namespaces);
      }
      Objects.requireNonNull(clock, "clock");
      return new PodWatcher(this);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
