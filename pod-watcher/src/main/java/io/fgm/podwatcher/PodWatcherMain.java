package io.fgm.podwatcher;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fgm pod-watcher}: publish every pod's metadata to the compacted topic until stopped. */
@Command(
    name = "pod-watcher",
    mixinStandardHelpOptions = true,
    description = {
      "The fgm pod watcher: one per cluster. Watches pods through the Kubernetes API (in-cluster service account "
          + "or KUBECONFIG) and publishes their names, labels and container ids to a compacted Kafka topic, keyed "
          + "by pod UID; Flink joins them to the samples. Runs until stopped (SIGTERM, Ctrl-C).",
      "Without a Kubernetes API (a laptop) it is not needed; started anyway it logs that and keeps retrying."
    })
public final class PodWatcherMain implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", defaultValue = "${env:FGM_KAFKA_BOOTSTRAP:-localhost:9092}",
      description = "Kafka bootstrap servers (env FGM_KAFKA_BOOTSTRAP, default ${DEFAULT-VALUE})")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = "${env:FGM_PODS_TOPIC:-fgm.pods}",
      description = "compacted topic of pod metadata, created if missing (env FGM_PODS_TOPIC, default ${DEFAULT-VALUE})")
  String topic;

  @Option(names = "--namespaces", defaultValue = "${env:FGM_NAMESPACES:-all}",
      description = "comma-separated namespaces to watch, or 'all' for one cluster-wide watch "
          + "(env FGM_NAMESPACES, default ${DEFAULT-VALUE})")
  String namespaces;

  @Option(names = "--resync-seconds", defaultValue = "${env:FGM_RESYNC_SECONDS:-300}",
      description = "informer resync period; a resync re-publishes only records whose send failed, 0 = off "
          + "(env FGM_RESYNC_SECONDS, default ${DEFAULT-VALUE})")
  long resyncSeconds;

  @Option(names = "--partitions", defaultValue = "${env:FGM_PODS_PARTITIONS:-1}",
      description = "partitions when creating the topic; the set of pods is small and read whole by Flink, one is enough (env FGM_PODS_PARTITIONS, default ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = "${env:FGM_PODS_REPLICATION:-1}",
      description = "replication factor when creating the topic; 3 on a production cluster "
          + "(env FGM_PODS_REPLICATION, default ${DEFAULT-VALUE})")
  short replicationFactor;

  @Option(names = "--http-port", defaultValue = "${env:FGM_HTTP_PORT:-9101}",
      description = "/healthz and /metrics port, -1 = off (env FGM_HTTP_PORT, default ${DEFAULT-VALUE})")
  int httpPort;

  @Option(names = {"--http-host", "--http-bind"}, defaultValue = "${env:FGM_HTTP_HOST:-127.0.0.1}",
      description = "/healthz and /metrics address; 0.0.0.0 in a pod, which the image sets "
          + "(env FGM_HTTP_HOST, default ${DEFAULT-VALUE})")
  String httpHost;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PodWatcherMain()).execute(args));
  }

  /** 'all', '*' or nothing = every namespace; otherwise a comma-separated list. */
  static List<String> parseNamespaces(String value) {
    if (value == null || value.isBlank() || value.trim().equals("all") || value.trim().equals("*")) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  @Override
  public Integer call() throws InterruptedException {
    PodWatcher watcher;
    try {
      watcher = PodWatcher.builder()
          .bootstrapServers(bootstrapServers)
          .topic(topic)
          .namespaces(parseNamespaces(namespaces))
          .resyncMs(resyncSeconds * 1000)
          .partitions(partitions)
          .replicationFactor(replicationFactor)
          .httpPort(httpPort)
          .httpHost(httpHost)
          .build();
    } catch (IllegalArgumentException e) {
      System.err.println("fgm pod-watcher: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      watcher.close();
      stopped.countDown();
    }, "fgm-pod-watcher-shutdown"));
    watcher.start();
    stopped.await();
    return 0;
  }
}
