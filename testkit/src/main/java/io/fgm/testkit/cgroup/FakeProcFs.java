package io.fgm.testkit.cgroup;

import java.nio.file.Path;

/**
 * Writes fixture /proc/PID files in the kernel's formats: {@code stat} (CPU ticks), {@code status} (VmRSS) and
 * {@code smaps_rollup} (PSS), for tests of the agent's per-process readings.
 */
public final class FakeProcFs {
  private final Path root;

  public FakeProcFs(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * /proc/PID/stat with the given CPU ticks (USER_HZ); the command name may hold spaces and parentheses, as
   * real ones can.
   */
  public FakeProcFs stat(int pid, String comm, long utime, long stime, long cutime, long cstime) {
    String s = pid + " (" + comm + ") S 1 " + pid + " " + pid + " 0 -1 4194560 1131 0 0 0 " + utime + " " + stime
        + " " + cutime + " " + cstime + " 20 0 1 0 4232 12271616 892 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0"
        + " 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    FakeCgroupFs.writeInPlace(root.resolve(Integer.toString(pid)).resolve("stat"), s);
    return this;
  }

  /** /proc/PID/status, abridged to the lines around VmRSS (in kB). */
  public FakeProcFs status(int pid, String name, long rssKb) {
    String s = "Name:\t" + name + "\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" + pid + "\nPid:\t" + pid
        + "\nPPid:\t1\nVmPeak:\t  " + (rssKb * 2) + " kB\nVmSize:\t  " + (rssKb * 2) + " kB\nVmHWM:\t  " + rssKb
        + " kB\nVmRSS:\t  " + rssKb + " kB\nRssAnon:\t  " + rssKb + " kB\nThreads:\t1\n";
    FakeCgroupFs.writeInPlace(root.resolve(Integer.toString(pid)).resolve("status"), s);
    return this;
  }

  /** /proc/PID/smaps_rollup with the given PSS figures in kB. */
  public FakeProcFs smapsRollup(int pid, long pssKb, long anonKb, long fileKb, long shmemKb) {
    String s = "5581f4a2b000-7ffd3b5fe000 ---p 00000000 00:00 0                          [rollup]\n"
        + "Rss:              " + (pssKb + 100) + " kB\n"
        + "Pss:              " + pssKb + " kB\n"
        + "Pss_Dirty:        " + anonKb + " kB\n"
        + "Pss_Anon:         " + anonKb + " kB\n"
        + "Pss_File:         " + fileKb + " kB\n"
        + "Pss_Shmem:        " + shmemKb + " kB\n"
        + "Shared_Clean:          100 kB\nShared_Dirty:            0 kB\nPrivate_Clean:           0 kB\n"
        + "Private_Dirty:    " + anonKb + " kB\nReferenced:       " + pssKb + " kB\nAnonymous:        " + anonKb
        + " kB\nKSM:                   0 kB\nLazyFree:              0 kB\nAnonHugePages:         0 kB\n"
        + "ShmemPmdMapped:        0 kB\nFilePmdMapped:         0 kB\nShared_Hugetlb:        0 kB\n"
        + "Private_Hugetlb:       0 kB\nSwap:                  0 kB\nSwapPss:               0 kB\n"
        + "Locked:                0 kB\n";
    FakeCgroupFs.writeInPlace(root.resolve(Integer.toString(pid)).resolve("smaps_rollup"), s);
    return this;
  }
}
