// The kernel's share of the agent's reads, without the JVM: every container's per-second files of a v2 kubepods
// tree (the benchmark's live fixture, or a real node), held open and read whole with pread at offset 0 once a
// second, the pressure files every 2 s, as the agent reads them; nothing parsed or sent. Prints the CPU of that
// loop in % of one core: the floor under the agent's sampler thread on the machine it runs on (README "Sixth round").
//
//   gcc -O2 -o /tmp/read-floor node-agent/bench/read-floor.c
//   /tmp/read-floor /dev/shm/fgm-compare.XXXXXX/cg 60     # while compare.sh runs: its fixture, 60 s
#define _GNU_SOURCE
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double seconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s CGROUP_ROOT SECONDS\n", argv[0]);
    return 2;
  }
  const char *every[] = {"cpu.stat", "memory.current", "memory.stat", "memory.events", "io.stat", "pids.current"};
  const char *slow[] = {"cpu.pressure", "memory.pressure", "io.pressure"};
  char path[8192];
  glob_t g;
  // Guaranteed pods sit under kubepods.slice, the others under a QoS slice
  snprintf(path, sizeof path, "%s/kubepods.slice/*/cri-containerd-*.scope", argv[1]);
  glob(path, 0, NULL, &g);
  snprintf(path, sizeof path, "%s/kubepods.slice/*/*/cri-containerd-*.scope", argv[1]);
  glob(path, GLOB_APPEND, NULL, &g);
  int n = (int) g.gl_pathc;
  int secs = atoi(argv[2]);
  int *fast = malloc(sizeof(int) * n * 6);
  int *pressure = malloc(sizeof(int) * n * 3);
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < 6; k++) {
      snprintf(path, sizeof path, "%s/%s", g.gl_pathv[i], every[k]);
      fast[i * 6 + k] = open(path, O_RDONLY);
    }
    for (int k = 0; k < 3; k++) {
      snprintf(path, sizeof path, "%s/%s", g.gl_pathv[i], slow[k]);
      pressure[i * 3 + k] = open(path, O_RDONLY);
    }
  }
  char *buf = malloc(16384);
  long reads = 0;
  double cpu0 = seconds(CLOCK_THREAD_CPUTIME_ID), wall0 = seconds(CLOCK_MONOTONIC);
  for (int s = 0; s < secs; s++) {
    for (int i = 0; i < n * 6; i++, reads++) {
      if (fast[i] >= 0) pread(fast[i], buf, 16384, 0);
    }
    if (s % 2 == 0) {
      for (int i = 0; i < n * 3; i++, reads++) {
        if (pressure[i] >= 0) pread(pressure[i], buf, 16384, 0);
      }
    }
    long intoSecond = (long) ((seconds(CLOCK_MONOTONIC) - wall0) * 1e6) % 1000000;
    usleep(1000000 - intoSecond); // the next second of the loop's own clock: paced, cold caches, like the agent
  }
  double cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu0, wall = seconds(CLOCK_MONOTONIC) - wall0;
  printf("%d containers, %.0f reads/s: %.3f %% of a core (%.2f us per read)\n", n, reads / wall, cpu / wall * 100,
      cpu / reads * 1e6);
  return 0;
}
