package io.fgm.agent;

import io.fgm.agent.publish.InMemorySamplePublisher;
import io.fgm.schema.ContainerSample;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fgm agent}: {@code run} the 1 Hz agent, or print one {@code sample} pass as JSON lines. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "The fgm node agent: samples every container's cgroup once per second and publishes to Kafka.",
    subcommands = {AgentCli.Run.class, AgentCli.Sample.class})
public final class AgentCli implements Runnable {

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && "run".equals(args[0])) {
      // the agent's everyday command line, parsed without loading picocli's classes for the agent's life
      RunOptions options = RunOptions.parse(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv());
      if (options != null) {
        int rc;
        try {
          rc = options.run();
        } catch (IllegalArgumentException e) { // a setting the builder refuses: say which, no stack trace
          System.err.println("fgm agent run: " + e.getMessage());
          rc = 2;
        }
        System.exit(rc);
      }
    }
    System.exit(picocli(args));
  }

  /** Help, errors, {@code sample}, and any {@code run} command line {@link RunOptions#parse} leaves to picocli. */
  private static int picocli(String[] args) {
    return new CommandLine(new AgentCli()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Options both subcommands take. */
  static class RootOptions {
    @Option(names = "--cgroup-root", defaultValue = "${env:FGM_CGROUP_ROOT:-/sys/fs/cgroup}",
        description = "cgroup filesystem root; v2 or v1/hybrid is detected (env FGM_CGROUP_ROOT, default ${DEFAULT-VALUE})")
    Path cgroupRoot;

    @Option(names = "--proc-root", defaultValue = "${env:FGM_PROC_ROOT:-/proc}",
        description = "proc filesystem root (env FGM_PROC_ROOT, default ${DEFAULT-VALUE})")
    Path procRoot;

    @Option(names = "--node-name", defaultValue = "${env:NODE_NAME}",
        description = "node name on samples (env NODE_NAME, default: the kernel's hostname)")
    String nodeName;

    @Option(names = "--user-hz", defaultValue = "${env:FGM_USER_HZ:-100}",
        description = "the kernel's USER_HZ, `getconf CLK_TCK` (env FGM_USER_HZ, default ${DEFAULT-VALUE})")
    long userHz;
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Sample every second, on the second, and publish to Kafka until stopped (SIGTERM, Ctrl-C).")
  static final class Run implements Callable<Integer> {
    @CommandLine.Mixin RootOptions root = new RootOptions();

    @Option(names = "--bootstrap-servers", defaultValue = "${env:FGM_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
        description = "Kafka bootstrap servers (env FGM_KAFKA_BOOTSTRAP, default ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "${env:FGM_TOPIC:-fgm.samples}",
        description = "Kafka topic (env FGM_TOPIC, default ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--kafka-compression", defaultValue = "${env:FGM_KAFKA_COMPRESSION:-lz4}",
        description = "producer compression: zstd, lz4, snappy, gzip or none (env FGM_KAFKA_COMPRESSION, "
            + "default ${DEFAULT-VALUE})")
    String kafkaCompression;

    @Option(names = "--period-ms", defaultValue = "${env:FGM_PERIOD_MS:-1000}",
        description = "sampling period, ticks aligned to its multiples (env FGM_PERIOD_MS, default ${DEFAULT-VALUE})")
    long periodMs;

    @Option(names = "--max-held-files", defaultValue = "${env:FGM_MAX_HELD_FILES:-8192}",
        description = "cgroup files kept open for positioned re-reads (env FGM_MAX_HELD_FILES, default ${DEFAULT-VALUE})")
    int maxHeldFiles;

    @Option(names = "--spill-dir", defaultValue = "${env:FGM_SPILL_DIR:-/tmp/fgm-agent-spill}",
        description = "on-disk queue for samples Kafka could not take; 'none' to drop them instead "
            + "(env FGM_SPILL_DIR, default ${DEFAULT-VALUE}; on a node use a hostPath so a restart replays it)")
    String spillDir;

    @Option(names = "--spill-max-bytes", defaultValue = "${env:FGM_SPILL_MAX_BYTES:-268435456}",
        description = "spill budget; beyond it the oldest samples are dropped (env FGM_SPILL_MAX_BYTES, "
            + "default ${DEFAULT-VALUE} = 256 MiB)")
    long spillMaxBytes;

    @Option(names = "--pss-period-ms", defaultValue = "${env:FGM_PSS_PERIOD_MS:-10000}",
        description = "how often PSS is read from smaps_rollup, 0 = never (env FGM_PSS_PERIOD_MS, "
            + "default ${DEFAULT-VALUE})")
    long pssPeriodMs;

    @Option(names = {"--pressure-period-ms", "--pressure-period"},
        defaultValue = "${env:FGM_PRESSURE_PERIOD_MS:-${env:FGM_PRESSURE_PERIOD:-2000}}",
        description = "how often the PSI files (cpu/memory/io.pressure) are read, 0 = never; the kernel updates "
            + "their averages every 2 s, so the default halves those reads; PSI totals then have 2-s resolution and "
            + "are absent from the samples between (env FGM_PRESSURE_PERIOD_MS or FGM_PRESSURE_PERIOD, "
            + "default ${DEFAULT-VALUE})")
    long pressurePeriodMs;

    @Option(names = "--full-discovery-period-ms", defaultValue = "${env:FGM_FULL_DISCOVERY_PERIOD_MS:-30000}",
        description = "how often discovery lists the whole cgroup tree; between, each tick re-lists only "
            + "directories whose link count changed (env FGM_FULL_DISCOVERY_PERIOD_MS, default ${DEFAULT-VALUE})")
    long fullDiscoveryPeriodMs;

    @Option(names = "--limits-period-ms", defaultValue = "${env:FGM_LIMITS_PERIOD_MS:-10000}",
        description = "how often the limits (cpu.max, memory.max; v1 cfs_quota/period, limit_in_bytes) and the "
            + "memory peak are re-read; between, each sample repeats the limit as last read (it is the current "
            + "configuration) and the peak as the larger of its last read and the usage now; 0 = every pass "
            + "(env FGM_LIMITS_PERIOD_MS, default ${DEFAULT-VALUE})")
    long limitsPeriodMs;

    @Option(names = "--publish-period-ms", defaultValue = "${env:FGM_PUBLISH_PERIOD_MS:-5000}",
        description = "how often the samples are sent to Kafka: each second is still sampled and stamped on the "
            + "second, and the samples of each window of this length (aligned to the epoch) go out together at its "
            + "end, one produce request per window; up to the sampling period = every tick; max 60000 "
            + "(env FGM_PUBLISH_PERIOD_MS, default ${DEFAULT-VALUE})")
    long publishPeriodMs;

    @Option(names = "--self-metrics", defaultValue = "${env:FGM_SELF_METRICS:-true}", arity = "1",
        description = "publish the agent's own CPU and RSS as container fgm-agent (env FGM_SELF_METRICS, "
            + "default ${DEFAULT-VALUE})")
    boolean selfMetrics;

    // 9100 and FGM_HTTP_HOST: the DaemonSet's containerPort and probes (deploy/base) and the image's environment
    @Option(names = "--http-port", defaultValue = "${env:FGM_HTTP_PORT:-9100}",
        description = "/healthz and /metrics port, -1 = off (env FGM_HTTP_PORT, default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = {"--http-host", "--http-bind"}, defaultValue = "${env:FGM_HTTP_HOST:-127.0.0.1}",
        description = "/healthz and /metrics address; 0.0.0.0 in a pod, which the image sets "
            + "(env FGM_HTTP_HOST, default ${DEFAULT-VALUE})")
    String httpHost;

    @Option(names = "--publisher", defaultValue = "${env:FGM_PUBLISHER:-kafka}",
        description = "kafka, or discard (encode and drop: measures the agent's own cost without a broker)")
    String publisherKind;

    /** The parsed settings (also what {@link RunOptions#parse} must produce for the same command line). */
    RunOptions options() {
      return new RunOptions(root.cgroupRoot, root.procRoot, root.nodeName, root.userHz, bootstrapServers, topic,
          kafkaCompression, periodMs, maxHeldFiles, spillDir, spillMaxBytes, pssPeriodMs, pressurePeriodMs,
          fullDiscoveryPeriodMs, limitsPeriodMs, publishPeriodMs, selfMetrics, httpPort, httpHost, publisherKind);
    }

    @Override
    public Integer call() throws InterruptedException {
      return options().run();
    }
  }

  @Command(name = "sample", mixinStandardHelpOptions = true,
      description = "Print one sampling pass as JSON lines, one object per container (raw counters: CPU in µs, "
          + "memory in bytes). With --passes 2, two passes --interval-ms apart, to see counters move.")
  static final class Sample implements Callable<Integer> {
    @CommandLine.Mixin RootOptions root = new RootOptions();

    @Option(names = "--format", defaultValue = "json", description = "output format: json (JSON lines)")
    String format;

    @Option(names = "--passes", defaultValue = "1", description = "sampling passes to print (default 1)")
    int passes;

    @Option(names = "--interval-ms", defaultValue = "1000", description = "time between passes (default 1000)")
    long intervalMs;

    @Override
    public Integer call() throws InterruptedException {
      if (!"json".equals(format)) {
        System.err.println("unknown --format '" + format + "': only json is supported");
        return 2;
      }
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      try (NodeAgent agent =
          NodeAgent.builder()
              .cgroupRoot(root.cgroupRoot)
              .procRoot(root.procRoot)
              .nodeName(root.nodeName)
              .userHz(root.userHz)
              .publisher(new InMemorySamplePublisher())
              .build()) {
        for (int i = 0; i < Math.max(1, passes); i++) {
          if (i > 0) {
            Thread.sleep(intervalMs);
          }
          long now = System.currentTimeMillis();
          for (ContainerSample s : agent.sampleOnce(now)) {
            out.println(JsonLines.toJson(s));
          }
          out.flush();
        }
      }
      return 0;
    }
  }
}
