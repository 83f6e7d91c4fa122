package io.fgm.testkit.cgroup;

import io.fgm.schema.QosClass;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes a fixture cgroup tree of N pod containers for benchmarks:
 * {@code FixtureTreeMain DIR v2|v1 N}. Half Burstable, a quarter each Guaranteed and BestEffort, systemd driver,
 * containerd; two containers per pod. Deterministic ids (seeded by the index), so runs are comparable.
 */
public final class FixtureTreeMain {
  private FixtureTreeMain() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: FixtureTreeMain DIR v2|v1 N");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    FakeCgroupFs fs = args[1].toLowerCase(Locale.ROOT).equals("v1") ? FakeCgroupFs.v1(dir) : FakeCgroupFs.v2(dir);
    int n = Integer.parseInt(args[2]);
    for (int i = 0; i < n; i++) {
      int pod = i / 2;
      QosClass qos = pod % 4 == 0 ? QosClass.GUARANTEED : pod % 4 == 1 ? QosClass.BEST_EFFORT : QosClass.BURSTABLE;
      String uid = new UUID(0x1234_5678_9abc_def0L, pod).toString();
      String id = String.format("%064x", 0xfeedL * 1_000_003L + i);
      fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, qos, uid, id,
          Usage.of(1_000_000L * i, (32L + i % 64) << 20).withIo(4096L * i, 8192L * i, i, 2L * i).withPids(3));
    }
    System.out.println("wrote " + n + " containers under " + dir);
  }
}
