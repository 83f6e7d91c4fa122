package io.fgm.agent.sample;

import io.fgm.agent.cgroup.CgroupDiscovery;
import io.fgm.agent.cgroup.CgroupLayout;
import io.fgm.agent.cgroup.ContainerPidMap;
import io.fgm.agent.cgroup.ContainerReader;
import io.fgm.agent.cgroup.FdBudget;
import io.fgm.agent.cgroup.MetricValues;
import io.fgm.agent.cgroup.PidList;
import io.fgm.agent.cgroup.ProcCgroupScan;
import io.fgm.agent.cgroup.ReadBuffer;
import io.fgm.agent.cgroup.V1ContainerReader;
import io.fgm.agent.cgroup.V2ContainerReader;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sampling pass: discover the containers, keep a {@link ContainerReader} (with its held files) per container
 * across passes, read each into a {@link ContainerSample} stamped with the given time. Readers of containers that
 * vanished are closed at once, so churn leaks no descriptors. Samples come out in the order containers were
 * first seen. Passes are serialised.
 */
public final class Sampler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

  private final CgroupLayout layout;
  private final CgroupDiscovery discovery;
  private final Path procRoot;
  private final long userHz;
  private final String node;
  private final FdBudget budget;
  private final AgentStats stats;
  /** The default of how often the rarely changing files (limits, peak) are re-read; see ContainerReader#collect. */
  public static final long DEFAULT_LIMITS_PERIOD_MS = 10_000;

  private final RateLimitedLog warnings = new RateLimitedLog(LOG, 60_000);
  private final Map<String, ContainerReader> readers = new LinkedHashMap<>();
  private final ReadBuffer buf = new ReadBuffer();
  private final MetricValues values = new MetricValues();
  private final PidList pids = new PidList();
  private final ContainerReader.ParseProblems problems = this::onParseProblem;
  private final boolean otherPidNamespace;
  /** This pass's map of processes to containers from /proc/PID/cgroup, made on first need; null until then. */
  private ContainerPidMap procScan;
  private final long limitsPeriodMs;
  private long lastSlowMs = Long.MIN_VALUE;
  private boolean rereadSlow;
  private boolean withPressure;

  /** A sampler that re-reads the limits and the peak every {@value #DEFAULT_LIMITS_PERIOD_MS} ms. */
  public Sampler(CgroupLayout layout, Path procRoot, String node, long userHz, int maxHeldFiles, AgentStats stats) {
    this(layout, procRoot, node, userHz, maxHeldFiles, stats, DEFAULT_LIMITS_PERIOD_MS);
  }

  /**
   * @param limitsPeriodMs how often the limits and the memory peak are re-read from the kernel (0 = every pass);
   *     see {@link ContainerReader#collect}
   */
  public Sampler(CgroupLayout layout, Path procRoot, String node, long userHz, int maxHeldFiles, AgentStats stats,
      long limitsPeriodMs) {
    if (limitsPeriodMs < 0) {
      throw new IllegalArgumentException("limitsPeriodMs must be >= 0, was " + limitsPeriodMs);
    }
    this.limitsPeriodMs = limitsPeriodMs;
    this.layout = layout;
    this.discovery = new CgroupDiscovery(layout);
    this.procRoot = procRoot;
    this.node = node;
    this.userHz = userHz;
    this.budget = new FdBudget(maxHeldFiles);
    this.stats = stats;
    this.otherPidNamespace = ProcCgroupScan.otherPidNamespace(procRoot);
    if (otherPidNamespace) {
      LOG.info("{} is the /proc of another PID namespace (a pod without hostPID): PSS maps processes to containers "
          + "through {}/PID/cgroup every PSS period instead of cgroup.procs", procRoot, procRoot);
    }
  }

  /**
   * One pass with a full discovery (every directory listed): for {@code agent sample} and tests. See
   * {@link #sample(long, boolean, boolean)}.
   */
  public List<ContainerSample> sample(long timestampMs, boolean withPss) {
    return sample(timestampMs, withPss, true, true);
  }

  /** A pass with the pressure files read; see {@link #sample(long, boolean, boolean, boolean)}. */
  public List<ContainerSample> sample(long timestampMs, boolean withPss, boolean fullDiscovery) {
    return sample(timestampMs, withPss, true, fullDiscovery);
  }

  /**
   * Discovers (fully, or incrementally: only directories whose link count changed are re-listed) and reads every
   * container; containers without any readable metric are left out. A container whose held files vanished
   * mid-pass (its cgroup was removed) is dropped and a full discovery runs at once, in the same pass, so a
   * replacement created meanwhile is read now rather than at the next full discovery. With {@code withPss} the
   * PSS metrics are read too (from /proc/PID/smaps_rollup, which is costly); with {@code withPressure} the PSI
   * files (which the kernel updates every 2 s). Limits and the memory peak are re-read when the limits period has
   * passed since their last read (a new container's on its first pass; see {@link ContainerReader#collect}),
   * whatever the discovery: the period is the operator's setting, not the full discovery's.
   */
  public synchronized List<ContainerSample> sample(
      long timestampMs, boolean withPss, boolean withPressure, boolean fullDiscovery) {
    if (fullDiscovery) {
      stats.discoveriesFull.incrementAndGet();
    }
    // a clock stepped back also re-reads
    rereadSlow = lastSlowMs == Long.MIN_VALUE || timestampMs < lastSlowMs
        || timestampMs - lastSlowMs >= limitsPeriodMs;
    if (rereadSlow) {
      lastSlowMs = timestampMs;
    }
    refresh(!fullDiscovery);
    procScan = null; // a scan of the proc root serves one pass
    List<ContainerSample> out = new ArrayList<>(readers.size() + 1);
    this.withPressure = withPressure;
    if (read(readers.values(), timestampMs, withPss, out)) {
      stats.discoveriesOnVanish.incrementAndGet();
      dropGone();
      procScan = null; // the containers found now were not in the first scan
      read(refresh(false), timestampMs, withPss, out);
      dropGone();
    }
    stats.containers.set(readers.size());
    stats.heldFiles.set(budget.held());
    return out;
  }

  /** Reads {@code rs} into {@code out}, except readers whose cgroup vanished; says if any did. */
  private boolean read(Collection<ContainerReader> rs, long timestampMs, boolean withPss, List<ContainerSample> out) {
    boolean anyGone = false;
    for (ContainerReader r : rs) {
      values.clear();
      r.checkSandbox(buf, pids, procRoot);
      r.collect(buf, values, problems, rereadSlow, withPressure);
      if (withPss) {
        collectPss(r, values);
      }
      if (r.gone()) {
        anyGone = true; // no partial sample: if the cgroup still exists, the rediscovery re-reads it whole now
      } else if (values.size() > 0) {
        out.add(new ContainerSample(timestampMs, node, r.ref(), values.toMap()));
      }
    }
    return anyGone;
  }

  /**
   * PSS of one container: summed over the PIDs of its cgroup.procs when they name processes under the proc root;
   * otherwise (the proc root is another PID namespace's /proc, or none of the listed PIDs is found there, or the
   * list is empty because its processes are not visible from the agent's PID namespace) over the processes whose
   * /proc/PID/cgroup names the container, found by one scan of the proc root per pass, made only when needed.
   */
  private void collectPss(ContainerReader r, MetricValues out) {
    boolean listed = !otherPidNamespace && r.readPids(buf, pids);
    if (listed && ContainerReader.sumPss(buf, pids, procRoot, out) > 0) {
      return;
    }
    if (procScan == null) {
      procScan = ProcCgroupScan.scan(procRoot, layout.mode(), refs(), buf);
      stats.procScans.incrementAndGet();
    }
    if (listed || procScan.complete()) { // else nothing says how many processes it has: PSS stays not collected
      ContainerReader.sumPss(buf, procScan.pidsOf(r.ref()), procRoot, out);
    }
  }

  private List<ContainerRef> refs() {
    List<ContainerRef> out = new ArrayList<>(readers.size());
    for (ContainerReader r : readers.values()) {
      out.add(r.ref());
    }
    return out;
  }

  private void dropGone() {
    Iterator<ContainerReader> it = readers.values().iterator();
    while (it.hasNext()) {
      ContainerReader r = it.next();
      if (r.gone()) {
        LOG.debug("container vanished mid-pass: {}", r.ref().cgroupPath());
        r.close();
        it.remove();
      }
    }
  }

  /** Applies a discovery: closes the readers of containers gone, opens readers for new ones and returns those. */
  private List<ContainerReader> refresh(boolean incremental) {
    Map<String, ContainerRef> found = discovery.discover(incremental);
    Iterator<Map.Entry<String, ContainerReader>> it = readers.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, ContainerReader> e = it.next();
      if (!found.containsKey(e.getKey())) {
        LOG.debug("container gone: {}", e.getValue().ref().cgroupPath());
        e.getValue().close();
        it.remove();
      }
    }
    if (found.size() == readers.size()) {
      return List.of(); // same keys: nothing new (the common case)
    }
    List<ContainerReader> added = new ArrayList<>();
    for (Map.Entry<String, ContainerRef> e : found.entrySet()) {
      if (!readers.containsKey(e.getKey())) {
        ContainerReader r = open(e.getKey(), e.getValue());
        readers.put(e.getKey(), r);
        added.add(r);
      }
    }
    return added;
  }

  /** Descriptors held open now, over all containers. */
  public int heldFiles() {
    return budget.held();
  }

  public CgroupLayout layout() {
    return layout;
  }

  private ContainerReader open(String relPath, ContainerRef ref) {
    LOG.debug("container found: {} ({})", ref.cgroupPath(), ref.containerId());
    return switch (layout.mode()) {
      case V2 -> new V2ContainerReader(ref, layout.root().resolve(relPath), budget);
      case V1 -> new V1ContainerReader(ref, relPath, layout, procRoot, userHz, budget);
    };
  }

  private void onParseProblem(ContainerRef c, Path file, int count) {
    stats.parseErrors.addAndGet(count);
    warnings.warn(
        "parse:" + file.getFileName(),
        "cgroup {}: {} problem(s) parsing {}; its unreadable values are left missing, the rest is sent",
        c.cgroupPath(), count, file);
  }

  @Override
  public synchronized void close() {
    readers.values().forEach(ContainerReader::close);
    readers.clear();
    discovery.close();
  }
}
