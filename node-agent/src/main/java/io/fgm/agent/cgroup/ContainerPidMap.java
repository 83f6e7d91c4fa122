package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which container a process belongs to, from the cgroup path its {@code /proc/PID/cgroup} shows, for when
 * {@code cgroup.procs} cannot say: read through the host's cgroupfs from another PID namespace (a pod with
 * {@code hostPID: false}), it lists only the PIDs visible in the agent's namespace. Paths in /proc/PID/cgroup are
 * relative to the agent's cgroup namespace ({@code /../../kubepods-burstable-pod….slice/cri-containerd-….scope})
 * or absolute (same namespace), so a process matches the container whose path <b>ends with</b> the process's path
 * below its {@code ..} chain, cut after the component that names the container (its leaf directory: the scope with
 * the container id); deeper components are cgroups nested inside the container, whose processes are the
 * container's. A path that fits several containers equally (same leaf and suffix) is not attributed. Pure: no I/O.
 */
public final class ContainerPidMap {
  private final Map<String, List<ContainerRef>> byLeaf = new HashMap<>();
  private final Map<String, PidList> pids = new HashMap<>();
  private int unattributed;
  private boolean complete = true;

  public ContainerPidMap(Iterable<ContainerRef> containers) {
    for (ContainerRef c : containers) {
      String[] parts = ProcCgroupParser.components(c.cgroupPath());
      if (parts.length > 0) {
        byLeaf.computeIfAbsent(parts[parts.length - 1], k -> new ArrayList<>(1)).add(c);
      }
    }
  }

  /** The container a process in cgroup {@code procPath} (as /proc/PID/cgroup shows it) belongs to, or null. */
  public ContainerRef match(String procPath) {
    String[] parts = ProcCgroupParser.components(procPath);
    for (int i = 0; i < parts.length; i++) {
      List<ContainerRef> candidates = byLeaf.get(parts[i]);
      if (candidates == null) {
        continue;
      }
      String suffix = "/" + String.join("/", java.util.Arrays.copyOfRange(parts, 0, i + 1));
      ContainerRef found = null;
      for (ContainerRef c : candidates) {
        if (c.cgroupPath().endsWith(suffix)) {
          if (found != null) {
            return null; // ambiguous: two containers end the same way below the namespace root
          }
          found = c;
        }
      }
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Records that process {@code pid} is in cgroup {@code procPath}; false when no container matches. */
  public boolean add(int pid, String procPath) {
    ContainerRef c = procPath == null ? null : match(procPath);
    if (c == null) {
      unattributed++;
      return false;
    }
    pids.computeIfAbsent(c.cgroupPath(), k -> new PidList()).add(pid);
    return true;
  }

  /** The processes recorded for {@code c} (none: an empty list). */
  public PidList pidsOf(ContainerRef c) {
    PidList l = pids.get(c.cgroupPath());
    return l == null ? PidList.EMPTY : l;
  }

  /** False when the processes could not be listed (the proc root is unreadable): no figure is better than 0. */
  public boolean complete() {
    return complete;
  }

  void markIncomplete() {
    complete = false;
  }

  /** Processes that matched no container (host daemons, the agent's own cgroup, kernel threads). */
  public int unattributed() {
    return unattributed;
  }
}
