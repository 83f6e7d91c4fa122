package io.fgm.podwatcher.bench;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Footprint of a fabric8 pod informer in a JVM configured like the node agent (its jvm.options), against fabric8's
 * mock API server (CRUD mode) holding N pods: RSS, and CPU over a steady window, read from /proc, compared with the
 * same JVM idle. Not a test: run by pod-watcher/bench/informer-footprint.sh, results in pod-watcher/README.md.
 *
 * <p>Arguments: {@code <jvm.options file> <settle seconds> <window seconds> <repeats> <pod counts...>}. Also takes
 * an optional system property {@code churn} (pod updates per second during the window; default 0).
 */
public final class InformerFootprint {
  private InformerFootprint() {}

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1); // the mock server's and the drain threads would keep a failed run alive
    }
  }

  private static void run(String[] args) throws Exception {
    List<String> jvmOptions = readJvmOptions(Path.of(args[0]));
    int settle = Integer.parseInt(args[1]);
    int window = Integer.parseInt(args[2]);
    int repeats = Integer.parseInt(args[3]);
    int churn = Integer.getInteger("churn", 0);
    List<Integer> counts = Arrays.stream(args).skip(4).map(Integer::valueOf).toList();
    long ticks = 100; // USER_HZ, `getconf CLK_TCK`
    // CRUD mode, plain HTTP (the TLS handshake is not what is compared)
    KubernetesMockServer server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
        new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(),
        new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
    server.init();
    KubernetesClient client = server.createClient();
    int created = 0;
    System.out.println("mode,pods,churn_per_s,rss_mib,cpu_pct_of_core,startup_cpu_s,threads");
    for (int pods : counts) {
      for (; created < pods; created++) {
        client.pods().inNamespace("ns-" + (created % 20)).resource(pod(created)).create();
      }
      for (int r = 0; r < repeats; r++) {
        for (String mode : List.of("idle", "informer")) {
          List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
              .toString()));
          cmd.addAll(jvmOptions);
          if (Boolean.getBoolean("nmt")) {
            cmd.add("-XX:NativeMemoryTracking=summary");
          }
          // the probe runs on the watcher's runtime classpath (fabric8 + vert.x + Kafka client), not the test's
          cmd.addAll(List.of("-cp", System.getProperty("probe.classpath", System.getProperty("java.class.path")),
              InformerProbe.class.getName(), mode,
              server.url("/")));
          Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
          BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          String line;
          List<String> before = new ArrayList<>();
          while ((line = out.readLine()) != null && !line.startsWith("READY")) {
            before.add(line); // fabric8/vert.x start-up output, shown only when the probe fails
          }
          if (line == null) {
            p.waitFor();
            System.out.printf("%s,%d,FAILED exit %d: %s%n", mode, pods, p.exitValue(),
                before.stream().filter(l -> l.contains("Error") || l.contains("Exception")).findFirst()
                    .orElse(String.join(" | ", before)));
            continue;
          }
          new Thread(() -> drain(out)).start();
          long startupTicks = cpuTicks(p.pid());
          Thread.sleep(settle * 1000L);
          long t0 = cpuTicks(p.pid());
          long n0 = System.nanoTime();
          Thread churner = null;
          if (churn > 0 && mode.equals("informer")) {
            churner = new Thread(() -> churn(client, pods, churn));
            churner.start();
          }
          Thread.sleep(window * 1000L);
          if (churner != null) {
            churner.interrupt();
            churner.join();
          }
          long t1 = cpuTicks(p.pid());
          double seconds = (System.nanoTime() - n0) / 1e9;
          double rssMib = statusKb(p.pid(), "VmRSS:") / 1024.0;
          long threads = statusKb(p.pid(), "Threads:");
          if (Boolean.getBoolean("nmt")) {
            // where the RSS goes: committed memory per JVM area, and the heap after a full GC (the live set)
            System.out.println("# " + mode + " " + pods + " pods: " + jcmd(p.pid(), "VM.native_memory", "summary")
                .lines().filter(l -> l.matches("^-\\s+\\S.*\\(reserved=.*") || l.startsWith("Total:"))
                .map(l -> l.replaceAll("^-\\s+", "").replaceAll("\\(reserved=\\d+KB, ", "("))
                .reduce((a, b) -> a + "; " + b).orElse("?"));
            jcmd(p.pid(), "GC.run");
            System.out.println("# " + mode + " " + pods + " pods, heap after GC: " + jcmd(p.pid(), "GC.heap_info")
                .lines().filter(l -> l.contains("used")).map(String::trim).reduce((a, b) -> a + "; " + b)
                .orElse("?"));
          }
          p.destroy();
          p.waitFor();
          System.out.printf("%s,%d,%d,%.1f,%.3f,%.2f,%d%n", mode, mode.equals("idle") ? 0 : pods,
              mode.equals("idle") ? 0 : churn, rssMib, 100.0 * (t1 - t0) / ticks / seconds,
              startupTicks / (double) ticks, threads);
        }
      }
    }
    client.close();
    server.destroy();
    System.exit(0);
  }

  /** A pod shaped like a real one (labels, owner, two containers, statuses), without managedFields. */
  public static Pod pod(int i) {
    String name = "app-" + (i % 50) + "-7d9f8b6c5-" + Integer.toString(100000 + i, 36);
    return new PodBuilder()
        .withNewMetadata().withNamespace("ns-" + (i % 20)).withName(name)
        .addToLabels("app.kubernetes.io/name", "app-" + (i % 50)).addToLabels("app.kubernetes.io/instance", "prod")
        .addToLabels("pod-template-hash", "7d9f8b6c5").addToLabels("team", "team-" + (i % 7))
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("app-" + (i % 50))
        .withUid("0000-" + i).withController(true).endOwnerReference()
        .endMetadata()
        .withNewSpec().withNodeName("node-" + (i % 10)).addNewContainer().withName("app")
        .withImage("registry.example.com/app:1.2." + (i % 10)).addToArgs("--port=8080", "--log-level=info")
        .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi")).endResources().endContainer()
        .addNewContainer().withName("sidecar").withImage("registry.example.com/proxy:2.0").endContainer()
        .endSpec()
        .withNewStatus().withPhase("Running").withQosClass("Burstable").withPodIP("10.0." + (i / 250) + "." + (i % 250))
        .withContainerStatuses(
            new ContainerStatusBuilder().withName("app").withReady(true).withRestartCount(0)
                .withImage("registry.example.com/app:1.2." + (i % 10))
                .withContainerID("containerd://" + hex(i, 1)).build(),
            new ContainerStatusBuilder().withName("sidecar").withReady(true).withRestartCount(0)
                .withImage("registry.example.com/proxy:2.0").withContainerID("containerd://" + hex(i, 2)).build())
        .endStatus()
        .build();
  }

  private static String hex(int i, int salt) {
    StringBuilder b = new StringBuilder();
    long x = i * 0x9E3779B97F4A7C15L + salt;
    while (b.length() < 64) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b.append(Long.toHexString(x & 0xffffffffL));
    }
    return b.substring(0, 64);
  }

  private static void churn(KubernetesClient client, int pods, int perSecond) {
    int i = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        int n = i % pods;
        String v = Integer.toString(i);
        client.pods().inNamespace("ns-" + (n % 20)).withName(pod(n).getMetadata().getName())
            .edit(p -> new PodBuilder(p).editMetadata().addToAnnotations("churn", v).endMetadata().build());
        i++;
        Thread.sleep(1000L / perSecond);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String jcmd(long pid, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid)));
    cmd.addAll(List.of(command));
    Process j = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    j.waitFor();
    return out;
  }

  private static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        // discard
      }
    } catch (Exception e) {
      // the process ended
    }
  }

  private static List<String> readJvmOptions(Path file) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String s = line.replaceAll("#.*$", "").trim();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
  }

  private static long statusKb(long pid, String key) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }
}
