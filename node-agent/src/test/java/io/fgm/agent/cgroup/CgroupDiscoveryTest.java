package io.fgm.agent.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import io.fgm.testkit.cgroup.KubeLayout;
import io.fgm.testkit.cgroup.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests for {@link CgroupDiscovery} and {@link CgroupLayout} on fixture trees of every layout. */
class CgroupDiscoveryTest {
  static final String ID1 = "a".repeat(64);
  static final String ID2 = "b".repeat(64);
  static final String ID3 = "c".repeat(64);
  static final String UID1 = "11111111-2222-3333-4444-555555555555";
  static final String UID2 = "66666666-7777-8888-9999-000000000000";

  @TempDir Path dir;

  private static Map<String, ContainerRef> discover(FakeCgroupFs fs) {
    return new CgroupDiscovery(CgroupLayout.detect(fs.root())).discover();
  }

  @ParameterizedTest
  @EnumSource(FakeCgroupFs.Version.class)
  void every_driver_and_runtime_layout_yields_its_containers_and_no_pods(FakeCgroupFs.Version version) {
    FakeCgroupFs fs = FakeCgroupFs.create(dir, version);
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID1, ID1, Usage.ZERO);
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID1, ID2, Usage.ZERO);
    fs.kubeContainer(KubeLayout.CGROUPFS, KubeLayout.Runtime.DOCKER, QosClass.GUARANTEED, UID2, ID3, Usage.ZERO);
    fs.kubeContainer(KubeLayout.KIND, KubeLayout.Runtime.CRIO, QosClass.BEST_EFFORT, UID2, "d".repeat(64),
        Usage.ZERO);

    Map<String, ContainerRef> found = discover(fs);

    assertEquals(4, found.size(), found.keySet().toString());
    ContainerRef c1 = byId(found, ID1);
    assertEquals(UID1, c1.podUid());
    assertEquals(QosClass.BURSTABLE, c1.qos());
    assertEquals("/" + KubeLayout.SYSTEMD.containerPath(QosClass.BURSTABLE, UID1, KubeLayout.Runtime.CONTAINERD,
        ID1), c1.cgroupPath());
    assertEquals(QosClass.GUARANTEED, byId(found, ID3).qos());
    assertEquals(QosClass.BEST_EFFORT, byId(found, "d".repeat(64)).qos());
    assertEquals(UID2, byId(found, "d".repeat(64)).podUid());
  }

  @Test
  void v2_is_detected_by_cgroup_controllers_at_the_root() {
    assertEquals(CgroupLayout.Mode.V2, CgroupLayout.detect(FakeCgroupFs.v2(dir).root()).mode());
  }

  @Test
  void co_mounted_cpu_cpuacct_is_walked_once() {
    FakeCgroupFs fs = FakeCgroupFs.v1(dir);
    CgroupLayout layout = CgroupLayout.detect(fs.root());
    assertEquals(CgroupLayout.Mode.V1, layout.mode());
    assertEquals(2, layout.discoveryRoots().size()); // memory and cpu,cpuacct
    assertTrue(layout.cpu() != null && layout.cpuacct() != null && layout.memory() != null);
  }

  @ParameterizedTest
  @EnumSource(FakeCgroupFs.Version.class)
  void outside_kubernetes_leaf_cgroups_are_containers_named_by_path_or_runtime_id(FakeCgroupFs.Version v) {
    FakeCgroupFs fs = FakeCgroupFs.create(dir, v);
    fs.cgroup("system.slice/sshd.service", Usage.ZERO);
    fs.cgroup("system.slice/docker-" + ID1 + ".scope", Usage.ZERO);
    fs.cgroup("docker/" + ID2, Usage.ZERO);
    fs.cgroup("user.slice/user-1000.slice/session-3.scope", Usage.ZERO);

    Map<String, ContainerRef> found = discover(fs);

    assertEquals(Set.of("system.slice/sshd.service", ID1, ID2, "user.slice/user-1000.slice/session-3.scope"),
        Set.copyOf(found.values().stream().map(ContainerRef::containerId).toList()));
    assertEquals(QosClass.NONE, byId(found, ID1).qos());
  }

  @Test
  void a_cgroup_in_the_memory_hierarchy_only_is_found_as_on_the_dev_machine() {
    FakeCgroupFs fs = FakeCgroupFs.create(dir, FakeCgroupFs.Version.V1_SEPARATE);
    fs.cgroup("process_api/97d0301f", Usage.ZERO, "memory");
    Map<String, ContainerRef> found = discover(fs);
    assertEquals(Set.of("process_api/97d0301f"), found.keySet());
  }

  @Test
  void crio_conmon_scopes_are_not_containers() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir);
    String c = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CRIO, QosClass.BURSTABLE, UID1, ID1,
        Usage.ZERO);
    String pod = c.substring(0, c.lastIndexOf('/'));
    fs.cgroup(pod + "/crio-conmon-" + ID1 + ".scope", Usage.ZERO);
    assertEquals(Set.of(ID1), Set.copyOf(discover(fs).values().stream().map(ContainerRef::containerId).toList()));
  }

  @Test
  void vanished_and_missing_roots_give_nothing_and_no_error() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir);
    String c = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID1, ID1,
        Usage.ZERO);
    assertEquals(1, discover(fs).size());
    fs.remove(c);
    assertEquals(0, discover(fs).size());
    assertEquals(0, new CgroupDiscovery(CgroupLayout.v2(dir.resolve("nope"))).discover().size());
  }

  @Test
  void control_files_are_recognised_by_name() {
    assertTrue(CgroupDiscovery.isControlFile("memory.stat"));
    assertTrue(CgroupDiscovery.isControlFile("cgroup.procs"));
    assertTrue(CgroupDiscovery.isControlFile("tasks"));
    assertTrue(!CgroupDiscovery.isControlFile("kubepods.slice"));
    assertTrue(!CgroupDiscovery.isControlFile("docker"));
  }

  /** cgroup.stat in the kernel's format (6.18: live counts, then dying ones, per controller). */
  private static void writeCgroupStat(Path cgroupDir, long descendants) throws IOException {
    Files.writeString(cgroupDir.resolve("cgroup.stat"), "nr_descendants " + descendants + "\n"
        + "nr_subsys_cpu " + descendants + "\nnr_subsys_memory " + descendants + "\n"
        + "nr_dying_descendants 0\nnr_dying_subsys_cpu 0\nnr_dying_subsys_memory 0\n");
  }

  @Test
  void an_unchanged_nr_descendants_answers_an_incremental_pass_without_walking() throws IOException {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir);
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID1, ID1, Usage.ZERO);
    writeCgroupStat(fs.root(), 4);
    CgroupDiscovery d = new CgroupDiscovery(CgroupLayout.detect(fs.root()));
    assertEquals(Set.of(ID1), ids(d.discover(false)));
    assertEquals(Set.of(ID1), ids(d.discover(true)));
    assertEquals(1, d.walks(), "the second pass was answered from cgroup.stat");

    // a container appears: the kernel counts its cgroup (here the fixture does, one step late on purpose)
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID1, ID2, Usage.ZERO);
    assertEquals(Set.of(ID1), ids(d.discover(true)), "no walk while the count says nothing changed");
    writeCgroupStat(fs.root(), 5);
    assertEquals(Set.of(ID1, ID2), ids(d.discover(true)));
    assertEquals(2, d.walks());
    assertEquals(Set.of(ID1, ID2), ids(d.discover(false)), "a full pass walks whatever the count says");
    assertEquals(3, d.walks());
  }

  @Test
  void without_a_usable_cgroup_stat_every_incremental_pass_walks() throws IOException {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir);
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID1, ID1, Usage.ZERO);
    Files.writeString(fs.root().resolve("cgroup.stat"), "nr_descendants 4"); // cut short: no newline
    CgroupDiscovery d = new CgroupDiscovery(CgroupLayout.detect(fs.root()));
    d.discover(false);
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID1, ID2, Usage.ZERO);
    assertEquals(Set.of(ID1, ID2), ids(d.discover(true)));
    assertEquals(2, d.walks());
    FakeCgroupFs v1 = FakeCgroupFs.v1(dir.resolve("v1"));
    v1.cgroup("docker/" + ID3, Usage.ZERO);
    CgroupDiscovery d1 = new CgroupDiscovery(CgroupLayout.detect(v1.root()));
    d1.discover(false);
    d1.discover(true);
    assertEquals(2, d1.walks(), "v1 has no cgroup.stat: every pass walks");
  }

  private static Set<String> ids(Map<String, ContainerRef> found) {
    return Set.copyOf(found.values().stream().map(ContainerRef::containerId).toList());
  }

  private static ContainerRef byId(Map<String, ContainerRef> found, String id) {
    return found.values().stream().filter(r -> r.containerId().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + id + " in " + found.keySet()));
  }
}
