package io.fgm.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fgm up}: the whole pipeline on this machine, in this JVM, until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded stack: a Kafka broker (KRaft), a Flink MiniCluster running the ingest job, the node",
      "agent reading this machine's cgroups, the query service and the MCP gateway. Ctrl-C stops everything."
    })
final class UpCommand implements Callable<Integer> {
  @Option(names = "--data-dir", description = "Where Kafka's log, the Parquet store and checkpoints go (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("data");

  @Option(names = "--cgroup-root", description = "cgroup filesystem root (default: ${DEFAULT-VALUE}).")
  Path cgroupRoot = Path.of("/sys/fs/cgroup");

  @Option(names = "--proc-root", description = "procfs root (default: ${DEFAULT-VALUE}).")
  Path procRoot = Path.of("/proc");

  @Option(names = "--node-name", description = "Node name to report (default: this host's name).")
  String nodeName;

  @Option(names = "--kafka-port", description = "Kafka client port (default: ${DEFAULT-VALUE}).")
  int kafkaPort = 9092;

  @Option(names = "--flink-ui-port", description = "Flink web console port (default: ${DEFAULT-VALUE}).")
  int flinkUiPort = 8081;

  @Option(names = "--query-port", description = "Query service port (default: ${DEFAULT-VALUE}).")
  int queryPort = 8050;

  @Option(names = "--mcp-port", description = "MCP gateway port (default: ${DEFAULT-VALUE}).")
  int mcpPort = 8080;

  @Option(names = "--checkpoint-seconds", description = "Flink checkpoint interval: Parquet files are committed at each checkpoint (default: ${DEFAULT-VALUE}).")
  int checkpointSeconds = 5;

  @Option(names = "--no-agent", description = "Do not start the node agent (bring your own producers).")
  boolean noAgent;

  @Override
  public Integer call() throws Exception {
    EmbeddedStack.Config cfg =
        new EmbeddedStack.Config(
            dataDir.toAbsolutePath(),
            cgroupRoot,
            procRoot,
            nodeName == null ? EmbeddedStack.hostName() : nodeName,
            kafkaPort,
            flinkUiPort,
            queryPort,
            mcpPort,
            Duration.ofSeconds(checkpointSeconds),
            !noAgent);
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedStack stack = EmbeddedStack.start(cfg);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("fgm: stopping...");
                  stack.close();
                  stopped.countDown();
                },
                "fgm-shutdown"));
    System.out.println(stack.banner());
    stopped.await();
    return 0;
  }
}
