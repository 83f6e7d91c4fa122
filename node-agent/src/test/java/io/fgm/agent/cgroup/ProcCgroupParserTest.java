package io.fgm.agent.cgroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fgm.agent.cgroup.CgroupLayout.Mode;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Tests for {@link ProcCgroupParser} and {@link ContainerPidMap} on /proc/PID/cgroup in the kernel's formats. */
class ProcCgroupParserTest {
  static final String UID = "0c5e6f40_8f1e_4b43_9c51_2d4b7a2f9e10";
  static final String ID = "4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b";
  static final String SYSTEMD = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID
      + ".slice/cri-containerd-" + ID + ".scope";
  /** As a pod in its own cgroup namespace (the agent's cgroup is another BestEffort pod's container) sees it. */
  static final String V2_FROM_A_POD = "0::/../../kubepods-besteffort-pod" + UID + ".slice/cri-containerd-" + ID
      + ".scope\n";
  /** This project's v1-hybrid dev machine, /proc/self/cgroup of a sandboxed process (kernel 6.18). */
  static final String V1_HYBRID = "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
      + "4:memory:/process_api/6b8c0e793f98041fbebc546c6ddce961\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

  private static String path(String text, Mode mode) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return ProcCgroupParser.path(b, b.length, mode);
  }

  @Example
  void a_v2_line_seen_from_another_cgroup_namespace_keeps_its_dot_dot_chain_which_components_strips() {
    String p = path(V2_FROM_A_POD, Mode.V2);
    assertEquals("/../../kubepods-besteffort-pod" + UID + ".slice/cri-containerd-" + ID + ".scope", p);
    assertArrayEquals(new String[] {"kubepods-besteffort-pod" + UID + ".slice", "cri-containerd-" + ID + ".scope"},
        ProcCgroupParser.components(p));
    assertArrayEquals(new String[0], ProcCgroupParser.components("/"));
  }

  @Example
  void on_v1_the_memory_line_wins_then_cpuacct_and_on_v2_the_unified_line() {
    assertEquals("/process_api/6b8c0e793f98041fbebc546c6ddce961", path(V1_HYBRID, Mode.V1));
    assertEquals("/", path(V1_HYBRID, Mode.V2));
    assertEquals("/kubepods/burstable/pod1/abc", path("3:cpu,cpuacct:/kubepods/burstable/pod1/abc\n0::/\n", Mode.V1));
  }

  @Example
  void empty_truncated_or_garbage_text_gives_no_path() {
    assertNull(path("", Mode.V2));
    assertNull(path("0:", Mode.V2));
    assertNull(path("\u0000garbage\nno colons here\n", Mode.V1));
    assertEquals("/kubepods.slice/kube", path("0::/kubepods.slice/kube", Mode.V2), "a cut last line is a cut path");
  }

  @Property(tries = 300)
  void never_throws_on_any_bytes(@ForAll byte[] bytes) {
    ProcCgroupParser.path(bytes, bytes.length, Mode.V1);
    String p = ProcCgroupParser.path(bytes, bytes.length, Mode.V2);
    if (p != null) {
      ProcCgroupParser.components(p);
    }
  }

  @Example
  void a_process_maps_to_the_container_whose_path_ends_with_its_namespace_relative_path() {
    ContainerRef c = ContainerRef.of(ID, UID.replace('_', '-'), QosClass.BEST_EFFORT, SYSTEMD);
    ContainerRef other = ContainerRef.of("f".repeat(64), null, QosClass.BURSTABLE,
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podx.slice/cri-containerd-" + "f".repeat(64)
            + ".scope");
    ContainerPidMap map = new ContainerPidMap(List.of(c, other));
    assertEquals(c, map.match(path(V2_FROM_A_POD, Mode.V2)));
    assertEquals(c, map.match(SYSTEMD), "host cgroup namespace: the absolute path");
    assertEquals(c, map.match("/../../kubepods-besteffort-pod" + UID + ".slice/cri-containerd-" + ID
        + ".scope/init.scope"), "a cgroup nested in the container is the container's");
    assertNull(map.match("/"), "the agent's own cgroup");
    assertNull(map.match("/../../../../system.slice/containerd.service"), "a host daemon");
    assertNull(map.match("/../../kubepods-besteffort-podOTHER.slice/cri-containerd-" + ID + ".scope"),
        "the same leaf under another pod is not this container");
  }

  @Example
  void cgroupfs_driver_paths_and_ambiguous_leaves() {
    ContainerRef a = ContainerRef.of("abc", "p1", QosClass.BURSTABLE, "/kubepods/burstable/pod1/abc");
    ContainerRef b = ContainerRef.of("svc-a", null, QosClass.NONE, "/system.slice/app.service");
    ContainerRef c = ContainerRef.of("svc-b", null, QosClass.NONE, "/user.slice/app.service");
    ContainerPidMap map = new ContainerPidMap(List.of(a, b, c));
    assertEquals(a, map.match("/../burstable/pod1/abc"));
    assertEquals(b, map.match("/../../system.slice/app.service"));
    assertNull(map.match("/app.service"), "two containers end with app.service: not attributed");
    assertEquals(true, map.add(7, "/../burstable/pod1/abc"));
    assertEquals(false, map.add(8, "/"));
    assertEquals(1, map.pidsOf(a).size());
    assertEquals(7, map.pidsOf(a).get(0));
    assertEquals(0, map.pidsOf(b).size());
    assertEquals(1, map.unattributed());
  }
}
