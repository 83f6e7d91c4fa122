package io.fgm.agent;

import io.fgm.agent.publish.DiscardingSamplePublisher;
import io.fgm.agent.sample.AgentStats;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * The settings of {@code fgm agent run}, and a parser for them that does not load picocli.
 *
 * <p>Why two parsers: picocli ({@link AgentCli}) builds its command model from annotations, which loads ~170
 * classes that stay in the agent's metaspace for its whole life (classes of the application class loader are never
 * unloaded), for a parse that happens once. {@link #parse} handles what {@code run} is normally given (the
 * DaemonSet's arguments, the benchmark's): {@code --name value} and {@code --name=value} of {@code run}'s own
 * options, each at most once, with the same environment defaults. Anything else (help, version, an unknown or
 * repeated option, a value that is not a plain number where a number is expected) returns null and the command
 * line goes to picocli, which prints its usual help or precise error. {@code RunOptionsTest} checks that both
 * parsers give the same settings for every option and that this table names exactly picocli's options.
 */
public record RunOptions(
    Path cgroupRoot,
    Path procRoot,
    String nodeName,
    long userHz,
    String bootstrapServers,
    String topic,
    String kafkaCompression,
    long periodMs,
    int maxHeldFiles,
    String spillDir,
    long spillMaxBytes,
    long pssPeriodMs,
    long pressurePeriodMs,
    long fullDiscoveryPeriodMs,
    long limitsPeriodMs,
    long publishPeriodMs,
    boolean selfMetrics,
    int httpPort,
    String httpHost,
    String publisherKind) {

  /**
   * Every option of {@code run}: names (the first is canonical), environment variables tried in order, default
   * (null: none). Mirrors the annotations of {@link AgentCli.Run} and {@link AgentCli.RootOptions}.
   */
  static final String[][][] OPTIONS = {
      {{"--cgroup-root"}, {"FGM_CGROUP_ROOT"}, {"/sys/fs/cgroup"}},
      {{"--proc-root"}, {"FGM_PROC_ROOT"}, {"/proc"}},
      {{"--node-name"}, {"NODE_NAME"}, {null}},
      {{"--user-hz"}, {"FGM_USER_HZ"}, {"100"}},
      {{"--bootstrap-servers"}, {"FGM_KAFKA_BOOTSTRAP"}, {"127.0.0.1:9092"}},
      {{"--topic"}, {"FGM_TOPIC"}, {"fgm.samples"}},
      {{"--kafka-compression"}, {"FGM_KAFKA_COMPRESSION"}, {"lz4"}},
      {{"--period-ms"}, {"FGM_PERIOD_MS"}, {"1000"}},
      {{"--max-held-files"}, {"FGM_MAX_HELD_FILES"}, {"8192"}},
      {{"--spill-dir"}, {"FGM_SPILL_DIR"}, {"/tmp/fgm-agent-spill"}},
      {{"--spill-max-bytes"}, {"FGM_SPILL_MAX_BYTES"}, {"268435456"}},
      {{"--pss-period-ms"}, {"FGM_PSS_PERIOD_MS"}, {"10000"}},
      {{"--pressure-period-ms", "--pressure-period"}, {"FGM_PRESSURE_PERIOD_MS", "FGM_PRESSURE_PERIOD"}, {"2000"}},
      {{"--full-discovery-period-ms"}, {"FGM_FULL_DISCOVERY_PERIOD_MS"}, {"30000"}},
      {{"--limits-period-ms"}, {"FGM_LIMITS_PERIOD_MS"}, {"10000"}},
      {{"--publish-period-ms"}, {"FGM_PUBLISH_PERIOD_MS"}, {"5000"}},
      {{"--self-metrics"}, {"FGM_SELF_METRICS"}, {"true"}},
      {{"--http-port"}, {"FGM_HTTP_PORT"}, {"9100"}},
      {{"--http-host", "--http-bind"}, {"FGM_HTTP_HOST"}, {"127.0.0.1"}},
      {{"--publisher"}, {"FGM_PUBLISHER"}, {"kafka"}},
  };

  /** A plain decimal integer: anything else (hex, '+', blanks) is left to picocli's converters and errors. */
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

  /**
   * {@code run}'s settings from {@code args} (without the leading {@code run}) and {@code env}, or null when
   * picocli has to look at the command line (see the class comment).
   */
  public static RunOptions parse(String[] args, Map<String, String> env) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < OPTIONS.length; i++) {
      for (String name : OPTIONS[i][0]) {
        index.put(name, i);
      }
    }
    String[] given = new String[OPTIONS.length];
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      int eq = a.indexOf('=');
      String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
      Integer o = index.get(name);
      if (o == null || given[o] != null) {
        return null; // help, version, unknown, repeated: picocli says what is wrong
      }
      String value;
      if (eq > 0 && a.startsWith("--")) {
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return null; // missing value
      }
      if (value.startsWith("-") && !INTEGER.matcher(value).matches()) {
        return null; // picocli decides whether an option-like word is a value
      }
      given[o] = value;
    }
    String[] v = new String[OPTIONS.length];
    for (int i = 0; i < OPTIONS.length; i++) {
      v[i] = given[i];
      for (String e : OPTIONS[i][1]) {
        if (v[i] == null) {
          v[i] = env.get(e); // set but empty counts as set, as in picocli's ${env:X:-default}
        }
      }
      if (v[i] == null) {
        v[i] = OPTIONS[i][2][0];
      }
    }
    try {
      Long userHz = number(v[3]);
      Long periodMs = number(v[7]);
      Long maxHeld = number(v[8]);
      Long spillMax = number(v[10]);
      Long pss = number(v[11]);
      Long pressure = number(v[12]);
      Long discovery = number(v[13]);
      Long limits = number(v[14]);
      Long publish = number(v[15]);
      Long port = number(v[17]);
      Boolean self = bool(v[16]);
      if (userHz == null || periodMs == null || maxHeld == null || spillMax == null || pss == null
          || pressure == null || discovery == null || limits == null || publish == null || port == null
          || self == null
          || maxHeld != maxHeld.intValue() || port != port.intValue()) {
        return null;
      }
      return new RunOptions(Path.of(v[0]), Path.of(v[1]), v[2], userHz, v[4], v[5], v[6], periodMs,
          maxHeld.intValue(), v[9], spillMax, pss, pressure, discovery, limits, publish, self, port.intValue(), v[18],
          v[19]);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static Long number(String s) {
    return s != null && INTEGER.matcher(s).matches() ? Long.valueOf(s) : null;
  }

  private static Boolean bool(String s) {
    return "true".equalsIgnoreCase(s) ? Boolean.TRUE : "false".equalsIgnoreCase(s) ? Boolean.FALSE : null;
  }

  /** Starts the agent with these settings and runs it until the JVM is stopped (SIGTERM, Ctrl-C). */
  int run() throws InterruptedException {
    NodeAgent.Builder builder =
        NodeAgent.builder()
            .cgroupRoot(cgroupRoot)
            .procRoot(procRoot)
            .nodeName(nodeName)
            .userHz(userHz)
            .bootstrapServers(bootstrapServers)
            .topic(topic)
            .kafkaCompression(kafkaCompression)
            .periodMs(periodMs)
            .maxHeldFiles(maxHeldFiles)
            .spillDir("none".equals(spillDir) ? null : Path.of(spillDir))
            .spillMaxBytes(spillMaxBytes)
            .pssPeriodMs(pssPeriodMs)
            .pressurePeriodMs(pressurePeriodMs)
            .fullDiscoveryPeriodMs(fullDiscoveryPeriodMs)
            .limitsPeriodMs(limitsPeriodMs)
            .publishPeriodMs(publishPeriodMs)
            .selfMetrics(selfMetrics)
            .httpPort(httpPort)
            .httpBind(httpHost);
    if ("discard".equals(publisherKind)) {
      builder.publisher(new DiscardingSamplePublisher(new AgentStats()));
    } else if (!"kafka".equals(publisherKind)) {
      System.err.println("unknown --publisher '" + publisherKind + "': kafka or discard");
      return 2;
    }
    NodeAgent agent = builder.build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "fgm-agent-shutdown"));
    agent.start();
    stopped.await();
    return 0;
  }
}
