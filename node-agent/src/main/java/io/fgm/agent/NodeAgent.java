package io.fgm.agent;

import io.fgm.agent.cgroup.CgroupLayout;
import io.fgm.agent.publish.KafkaSamplePublisher;
import io.fgm.agent.publish.SamplePublisher;
import io.fgm.agent.publish.SpillQueue;
import io.fgm.agent.sample.AgentStats;
import io.fgm.agent.sample.Sampler;
import io.fgm.agent.sample.SamplingLoop;
import io.fgm.agent.sample.SelfMonitor;
import io.fgm.schema.ContainerSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent, embeddable: every second, on the second, it discovers the containers under a cgroup root,
 * reads their metrics and hands the samples to a {@link SamplePublisher} (Kafka unless one is given).
 *
 * <pre>{@code
 * NodeAgent agent = NodeAgent.builder()
 *     .cgroupRoot(Path.of("/sys/fs/cgroup")).procRoot(Path.of("/proc")).nodeName("n1")
 *     .bootstrapServers("127.0.0.1:9092").topic("fgm.samples").build();
 * agent.start();
 * ...
 * agent.close();
 * }</pre>
 *
 * <p>{@link #close()} stops the loop, then flushes and closes the publisher it owns (a publisher passed in through
 * {@link Builder#publisher} is closed too: the agent takes ownership).
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  private final AgentConfig config;
  private final AgentStats stats = new AgentStats();
  private final Sampler sampler;
  private final SamplingLoop loop;
  private final SelfMonitor self;
  private SamplePublisher publisher;
  private AgentHttpServer http;
  private boolean started;
  private long lastFullDiscoveryMs = Long.MIN_VALUE;

  private NodeAgent(AgentConfig config, SamplePublisher publisher) {
    this.config = config;
    this.publisher = publisher;
    CgroupLayout layout = CgroupLayout.detect(config.cgroupRoot());
    this.sampler =
        new Sampler(layout, config.procRoot(), config.nodeName(), config.userHz(), config.maxHeldFiles(), stats,
            config.limitsPeriodMs());
    this.self = config.selfMetrics() ? new SelfMonitor(config.nodeName(), config.userHz()) : null;
    this.loop = new SamplingLoop(config.clock(), config.periodMs(), this::tick, stats);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the 1 Hz loop (and the Kafka producer, unless a publisher was given). Idempotent. */
  public synchronized NodeAgent start() {
    if (started) {
      return this;
    }
    if (publisher == null) {
      publisher =
          new KafkaSamplePublisher(
              KafkaSamplePublisher.producerProperties(
                  config.bootstrapServers(), "fgm-agent-" + config.nodeName(), config.kafkaCompression(),
                  config.publishPeriodMs()),
              config.topic(), openSpill(), stats, config.publishPeriodMs(), config.periodMs());
    }
    LOG.info("node agent {} starting: cgroup {} at {}, proc {}, every {} ms to {}", config.nodeName(),
        sampler.layout().mode(), config.cgroupRoot(), config.procRoot(), config.periodMs(),
        config.publisherDescription());
    if (config.httpPort() >= 0) {
      try {
        http = new AgentHttpServer(config.httpBind(), config.httpPort(), stats, config.clock(), config.periodMs());
        LOG.info("/healthz and /metrics on http://{}:{}", config.httpBind(), http.port());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + config.httpBind() + ":" + config.httpPort(), e);
      }
    }
    loop.start();
    started = true;
    return this;
  }

  private SpillQueue openSpill() {
    if (config.spillDir() == null) {
      return null;
    }
    try {
      SpillQueue q = new SpillQueue(config.spillDir(), config.spillMaxBytes());
      if (!q.isEmpty()) {
        LOG.info("spill queue {} holds {} samples from before; replaying them first", config.spillDir(), q.size());
      }
      return q;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the spill directory " + config.spillDir(), e);
    }
  }

  /** One sampling pass stamped {@code timestampMs}, without publishing: for {@code agent sample} and tests. */
  public List<ContainerSample> sampleOnce(long timestampMs) {
    return sample(timestampMs, true, true, true);
  }

  private List<ContainerSample> sample(
      long timestampMs, boolean withPss, boolean withPressure, boolean fullDiscovery) {
    List<ContainerSample> samples = sampler.sample(timestampMs, withPss, withPressure, fullDiscovery);
    if (self != null) {
      samples.add(self.sample(timestampMs, withPss));
    }
    stats.samplesProduced.addAndGet(samples.size());
    return samples;
  }

  private void tick(long tickMs) {
    boolean pss = onPeriod(tickMs, config.pssPeriodMs());
    boolean pressure = onPeriod(tickMs, config.pressurePeriodMs());
    // a clock stepped back also gets a full pass
    boolean full = lastFullDiscoveryMs == Long.MIN_VALUE || tickMs < lastFullDiscoveryMs
        || tickMs - lastFullDiscoveryMs >= config.fullDiscoveryPeriodMs();
    if (full) {
      lastFullDiscoveryMs = tickMs;
    }
    publisher.publish(sample(tickMs, pss, pressure, full));
    if (publisher instanceof KafkaSamplePublisher k) {
      stats.spillQueueSamples.set(k.spilled());
    }
  }

  private boolean onPeriod(long tickMs, long periodMs) {
    return onPeriod(tickMs, periodMs, config.periodMs());
  }

  /**
   * Whether the tick at {@code tickMs} (of a loop ticking every {@code tickPeriodMs}) is the one tick in each
   * {@code periodMs} that falls on or just after its multiples; a period of 0 never is, one up to the tick period
   * always is.
   */
  static boolean onPeriod(long tickMs, long periodMs, long tickPeriodMs) {
    return periodMs > 0 && Math.floorMod(tickMs, periodMs) < tickPeriodMs;
  }

  /** The port of /healthz and /metrics, or -1 when they are off. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  public AgentStats stats() {
    return stats;
  }

  public AgentConfig config() {
    return config;
  }

  /** Descriptors the agent holds open on cgroup files now. */
  public int heldFiles() {
    return sampler.heldFiles();
  }

  @Override
  public synchronized void close() {
    loop.close();
    if (http != null) {
      http.close();
      http = null;
    }
    if (publisher != null) {
      try {
        publisher.flush();
      } catch (RuntimeException e) {
        LOG.warn("samples not delivered at shutdown: {}", e.getMessage());
      }
      publisher.close();
    }
    sampler.close();
    if (self != null) {
      self.close();
    }
    started = false;
  }

  /** Builds a {@link NodeAgent}; every setting has a default that works on a node. */
  public static final class Builder {
    private Path cgroupRoot = Path.of("/sys/fs/cgroup");
    private Path procRoot = Path.of("/proc");
    private String nodeName;
    private String bootstrapServers = "127.0.0.1:9092";
    private String topic = "fgm.samples";
    private String kafkaCompression = KafkaSamplePublisher.DEFAULT_COMPRESSION;
    private SamplePublisher publisher;
    private Clock clock = Clock.systemUTC();
    private long periodMs = 1000;
    private long userHz = 100;
    private int maxHeldFiles = 8192;
    private Path spillDir;
    private long spillMaxBytes = 256L << 20;
    private long pssPeriodMs = 10_000;
    private long pressurePeriodMs = 2_000;
    private long fullDiscoveryPeriodMs = 30_000;
    private long limitsPeriodMs = Sampler.DEFAULT_LIMITS_PERIOD_MS;
    private long publishPeriodMs;
    private boolean selfMetrics;
    private String httpBind = "127.0.0.1";
    private int httpPort = -1;

    private Builder() {}

    /** The cgroup filesystem root; default /sys/fs/cgroup. v2 or v1/hybrid is detected there. */
    public Builder cgroupRoot(Path p) {
      this.cgroupRoot = p;
      return this;
    }

    /** The proc filesystem root (for processes' CPU and memory); default /proc. */
    public Builder procRoot(Path p) {
      this.procRoot = p;
      return this;
    }

    /** The node name stamped on samples; default this host's name. */
    public Builder nodeName(String n) {
      this.nodeName = n;
      return this;
    }

    /** Kafka bootstrap servers; default 127.0.0.1:9092. Ignored when a publisher is given. */
    public Builder bootstrapServers(String s) {
      this.bootstrapServers = s;
      return this;
    }

    /** Kafka topic; default fgm.samples. */
    public Builder topic(String t) {
      this.topic = t;
      return this;
    }

    /** The producer's compression.type (lz4, zstd, snappy, gzip, none); default lz4. */
    public Builder kafkaCompression(String c) {
      this.kafkaCompression = c;
      return this;
    }

    /** Publishes here instead of Kafka (tests, embedding). The agent closes it on {@link NodeAgent#close()}. */
    public Builder publisher(SamplePublisher p) {
      this.publisher = p;
      return this;
    }

    /** The wall clock ticks are aligned to; default UTC system clock. */
    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** Sampling period in ms; default 1000. Ticks fall on multiples of it. */
    public Builder periodMs(long ms) {
      this.periodMs = ms;
      return this;
    }

    /** The kernel's USER_HZ (cpuacct.stat and /proc/PID/stat tick rate); default 100. */
    public Builder userHz(long hz) {
      this.userHz = hz;
      return this;
    }

    /** Most cgroup files held open at once; past it files are opened per read. Default 8192. */
    public Builder maxHeldFiles(int n) {
      this.maxHeldFiles = n;
      return this;
    }

    /**
     * Where samples wait on disk while Kafka is unreachable, replayed in order when it returns (and after a
     * restart); default none (undeliverable samples are dropped and counted).
     */
    public Builder spillDir(Path dir) {
      this.spillDir = dir;
      return this;
    }

    /** The spill queue's budget; beyond it the oldest samples are dropped. Default 256 MiB. */
    public Builder spillMaxBytes(long bytes) {
      this.spillMaxBytes = bytes;
      return this;
    }

    /** How often PSS is read from smaps_rollup (it takes each process's mm lock); 0 = never. Default 10 s. */
    public Builder pssPeriodMs(long ms) {
      this.pssPeriodMs = ms;
      return this;
    }

    /**
     * How often the pressure files (PSI: cpu.pressure, memory.pressure, io.pressure) are read; 0 = never. Default
     * 2 s: the kernel recomputes their averages only every 2 s (PSI_FREQ), so reading them every second mostly
     * re-reads the same values; their {@code total} counters then have a 2-s resolution. Between those ticks the
     * PSI metrics are absent from the samples (not collected, never repeated). Values up to the sampling period
     * read them every tick.
     */
    public Builder pressurePeriodMs(long ms) {
      this.pressurePeriodMs = ms;
      return this;
    }

    /**
     * How often discovery lists every directory of the cgroup tree; default 30 s. Between full passes, each tick
     * re-lists only directories whose link count changed (cgroups created or removed below them), and a container
     * whose files vanish triggers a full pass at once; the full pass catches what link counts cannot show (one
     * cgroup removed and another created in the same directory within a second, on file systems where the removed
     * one's files stay readable).
     */
    public Builder fullDiscoveryPeriodMs(long ms) {
      this.fullDiscoveryPeriodMs = ms;
      return this;
    }

    /**
     * How often the files that hold configuration rather than measurements are re-read from the kernel: the
     * limits ({@code cpu.max}, {@code memory.max}; v1 {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us},
     * {@code memory.limit_in_bytes}) and the memory peak; default 10 s. Every sample in between carries the limit
     * as last read (the limit is the container's current configuration, so repeating it is not inventing a
     * measurement; a resize shows within one period) and the peak as the larger of its last read and the usage
     * read now. A new container's files are read on its first pass. 0, or any value up to the sampling period,
     * re-reads them every pass.
     */
    public Builder limitsPeriodMs(long ms) {
      this.limitsPeriodMs = ms;
      return this;
    }

    /**
     * How often Kafka is asked to deliver: each tick's samples are appended to the producer's batch at once, and
     * the batch is sent at the end of each window of this length (aligned to the epoch), one produce request per
     * window instead of one per tick, which is most of the Kafka client's cost (README "Publishing every 5 s").
     * Samples keep their own second; only their delivery waits, by at most the window. Default 0 = every tick;
     * {@code run} uses 5 s. At most 60 s. Ignored when a publisher is given.
     */
    public Builder publishPeriodMs(long ms) {
      this.publishPeriodMs = ms;
      return this;
    }

    /** Publish the agent's own CPU and RSS as container {@code fgm-agent}; default off (on in {@code run}). */
    public Builder selfMetrics(boolean on) {
      this.selfMetrics = on;
      return this;
    }

    /** Serve /healthz and /metrics on this port (0 = any free port); default -1 = off. */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /** The address /healthz and /metrics bind to; default 127.0.0.1 (0.0.0.0 for a Prometheus scrape). */
    public Builder httpBind(String address) {
      this.httpBind = address;
      return this;
    }

    public NodeAgent build() {
      Objects.requireNonNull(cgroupRoot, "cgroupRoot");
      Objects.requireNonNull(procRoot, "procRoot");
      Objects.requireNonNull(clock, "clock");
      if (!Files.isDirectory(cgroupRoot)) {
        throw new IllegalArgumentException("cgroup root is not a directory: " + cgroupRoot);
      }
      if (periodMs < 10 || periodMs > 3_600_000) {
        throw new IllegalArgumentException("period must be 10 ms .. 1 h, was " + periodMs);
      }
      if (userHz <= 0) {
        throw new IllegalArgumentException("USER_HZ must be positive, was " + userHz);
      }
      if (spillMaxBytes < 1 << 16) {
        throw new IllegalArgumentException("spillMaxBytes must be at least 64 KiB, was " + spillMaxBytes);
      }
      if (pssPeriodMs < 0) {
        throw new IllegalArgumentException("pssPeriodMs must be >= 0, was " + pssPeriodMs);
      }
      if (pressurePeriodMs < 0) {
        throw new IllegalArgumentException("pressurePeriodMs must be >= 0, was " + pressurePeriodMs);
      }
      if (fullDiscoveryPeriodMs < 0) {
        throw new IllegalArgumentException("fullDiscoveryPeriodMs must be >= 0, was " + fullDiscoveryPeriodMs);
      }
      if (limitsPeriodMs < 0) {
        throw new IllegalArgumentException("limitsPeriodMs must be >= 0, was " + limitsPeriodMs);
      }
      if (publishPeriodMs < 0 || publishPeriodMs > 60_000) {
        throw new IllegalArgumentException("publishPeriodMs must be 0 .. 60000, was " + publishPeriodMs);
      }
      if (maxHeldFiles < 0) {
        throw new IllegalArgumentException("maxHeldFiles must be >= 0, was " + maxHeldFiles);
      }
      String node = nodeName == null || nodeName.isBlank() ? hostName() : nodeName;
      if (publisher == null) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
          throw new IllegalArgumentException("bootstrapServers is required without a publisher");
        }
        if (topic == null || topic.isBlank()) {
          throw new IllegalArgumentException("topic is required without a publisher");
        }
        if (!Set.of("zstd", "lz4", "snappy", "gzip", "none").contains(kafkaCompression)) {
          throw new IllegalArgumentException("kafkaCompression must be zstd, lz4, snappy, gzip or none, was "
              + kafkaCompression);
        }
      }
      AgentConfig cfg =
          new AgentConfig(cgroupRoot, procRoot, node, bootstrapServers, topic, kafkaCompression, clock, periodMs,
              userHz, maxHeldFiles, spillDir, spillMaxBytes, pssPeriodMs, pressurePeriodMs,
              fullDiscoveryPeriodMs, limitsPeriodMs, publishPeriodMs, selfMetrics, httpBind,
              httpPort, publisher == null ? null : publisher.getClass().getSimpleName());
      return new NodeAgent(cfg, publisher);
    }
  }

  /**
   * This host's name: $NODE_NAME (set from the downward API in a DaemonSet), else the kernel's hostname, else
   * "localhost". Read from /proc rather than the resolver, which may send a DNS query.
   */
  public static String hostName() {
    String env = System.getenv("NODE_NAME");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      return h.isEmpty() ? "localhost" : h;
    } catch (IOException | RuntimeException e) {
      return "localhost";
    }
  }
}
