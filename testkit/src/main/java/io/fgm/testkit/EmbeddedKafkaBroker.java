package io.fgm.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker + controller), running in this JVM.
 *
 * <p>Used by tests and by the embedded stack ({@code fgm up}). Ports are chosen free on 127.0.0.1 unless given;
 * the log directory is kept when given (so {@link #stop()} then {@link #start()} keeps the topics and data,
 * which the spill-and-replay tests rely on), and deleted on {@link #close()} when it was a temporary one.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final Path logDir;
  private final boolean ownsLogDir;
  private final int port;
  private final int controllerPort;
  private final String clusterId;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(Path logDir, boolean ownsLogDir, int port, int controllerPort) {
    this.logDir = logDir;
    this.ownsLogDir = ownsLogDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.clusterId = existingClusterId(logDir.resolve("data").resolve("meta.properties"));
  }

  /** A restarted broker must present the cluster id its log directory was formatted with. */
  private static String existingClusterId(Path metaProperties) {
    if (Files.exists(metaProperties)) {
      Properties meta = new Properties();
      try (var in = Files.newInputStream(metaProperties)) {
        meta.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + metaProperties, e);
      }
      String id = meta.getProperty("cluster.id");
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    return Uuid.randomUuid().toString();
  }

  /** A broker on free loopback ports with a temporary log directory, started. */
  public static EmbeddedKafkaBroker startTemporary() {
    try {
      EmbeddedKafkaBroker b =
          new EmbeddedKafkaBroker(Files.createTempDirectory("fgm-kafka"), true, freePort(), freePort());
      b.start();
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A broker on the given client port (0 = free) keeping its data in {@code logDir}; not yet started. */
  public static EmbeddedKafkaBroker create(Path logDir, int port) {
    return new EmbeddedKafkaBroker(logDir, false, port == 0 ? freePort() : port, freePort());
  }

  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      return this;
    }
    try {
      Files.createDirectories(logDir);
      Properties props = serverProperties();
      Path propsFile = logDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(propsFile)) {
        props.store(out, "fgm embedded KRaft broker");
      }
      // Formatting prints a line per run; keep it out of the test output. --ignore-formatted keeps data on restart.
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      StorageTool.execute(
          new String[] {"format", "-t", clusterId, "-c", propsFile.toString(), "--ignore-formatted"}, quiet);
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      awaitReady(Duration.ofSeconds(60));
      LOG.info("Kafka broker ready at {} (data in {})", bootstrapServers(), logDir);
      return this;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the embedded Kafka broker in " + logDir, e);
    }
  }

  private Properties serverProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.resolve("data").toString());
    p.put("num.partitions", "2");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "true");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    return p;
  }

  private void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("broker not ready after " + timeout, last);
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  /** Creates topics (ignoring ones that exist) with the given partition count and replication 1. */
  public void createTopics(int partitions, String... topics) {
    try (Admin admin = admin()) {
      for (String t : topics) {
        try {
          admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + List.of(topics), e);
    }
  }

  /** Stops the broker but keeps its data, so that {@link #start()} brings the same topics back. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public void close() {
    stop();
    if (ownsLogDir) {
      deleteRecursively(logDir);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
