package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The I/O half of {@link ContainerPidMap}: reads {@code PROC/PID/cgroup} of every process under a proc root and
 * maps each process to its container. One open+read+close per process, so the caller runs it only on PSS passes
 * (every 10 s) and only when {@code cgroup.procs} cannot name the processes.
 */
public final class ProcCgroupScan {
  private ProcCgroupScan() {}

  /** Maps every process under {@code procRoot} to one of {@code containers}; exited processes are skipped. */
  public static ContainerPidMap scan(
      Path procRoot, CgroupLayout.Mode mode, Iterable<ContainerRef> containers, ReadBuffer buf) {
    ContainerPidMap map = new ContainerPidMap(containers);
    String[] names = procRoot.toFile().list(); // bare names: no Path per entry of a busy /proc
    if (names == null) {
      map.markIncomplete();
      return map;
    }
    for (String name : names) {
      int pid = pid(name);
      if (pid > 0) {
        int n = buf.readOnce(procRoot.resolve(name).resolve("cgroup"));
        if (n != ReadBuffer.MISSING) {
          map.add(pid, ProcCgroupParser.path(buf.bytes(), n, mode));
        }
      }
    }
    return map;
  }

  /**
   * True when {@code procRoot} is the /proc of another PID namespace than the agent's (the host's /proc mounted
   * into a pod without hostPID): its {@code self} link names the agent by another number than /proc/self does.
   * PIDs read from cgroup.procs (numbered in the agent's namespace) then name other processes there. False when
   * it cannot tell (a fixture proc root without {@code self}).
   */
  public static boolean otherPidNamespace(Path procRoot) {
    try {
      Path mine = Files.readSymbolicLink(Path.of("/proc/self"));
      Path theirs = Files.readSymbolicLink(procRoot.resolve("self"));
      return !mine.equals(theirs);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static int pid(String name) {
    if (name.isEmpty() || name.length() > 9) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
