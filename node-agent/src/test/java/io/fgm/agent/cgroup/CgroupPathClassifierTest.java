package io.fgm.agent.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fgm.agent.cgroup.CgroupPathClassifier.Kind;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link CgroupPathClassifier}: every driver's and runtime's naming. */
class CgroupPathClassifierTest {
  static final String ID = "4f1c3b2a9d8e7f60514233241506f7e8d9c0b1a2f3e4d5c6b7a8990a1b2c3d4e";
  static final String UID = "3e6a2f4c-8b1d-4e7a-9c5f-0d2b4a6c8e10";
  static final String UID_ = "3e6a2f4c_8b1d_4e7a_9c5f_0d2b4a6c8e10";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // systemd driver, cgroup v2 or v1
    "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice/cri-containerd-" + ID
        + ".scope, BURSTABLE",
    "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_ + ".slice/crio-" + ID
        + ".scope, BEST_EFFORT",
    "kubepods.slice/kubepods-pod" + UID_ + ".slice/docker-" + ID + ".scope, GUARANTEED",
    // kind nests the kubelet's slices under kubelet.slice
    "kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod" + UID_
        + ".slice/cri-containerd-" + ID + ".scope, BURSTABLE",
    "kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-pod" + UID_ + ".slice/cri-containerd-" + ID
        + ".scope, GUARANTEED",
    // cgroupfs driver
    "kubepods/burstable/pod" + UID + "/" + ID + ", BURSTABLE",
    "kubepods/besteffort/pod" + UID + "/" + ID + ", BEST_EFFORT",
    "kubepods/pod" + UID + "/" + ID + ", GUARANTEED",
    "kubepods/pod" + UID + "/crio-" + ID + ", GUARANTEED",
  })
  void pod_containers_get_id_pod_uid_with_dashes_and_qos(String path, QosClass qos) {
    CgroupPathClassifier.Result r = CgroupPathClassifier.classify(path);
    assertEquals(Kind.CONTAINER, r.kind());
    ContainerRef ref = r.ref();
    assertEquals(ID, ref.containerId());
    assertEquals(UID, ref.podUid());
    assertEquals(qos, ref.qos());
    assertEquals("/" + path, ref.cgroupPath());
  }

  @ParameterizedTest
  @CsvSource({
    "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice",
    "kubepods/burstable/pod" + UID,
    "kubepods/pod" + UID,
    "kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-pod" + UID_ + ".slice",
  })
  void pod_level_cgroups_are_not_containers(String path) {
    assertEquals(Kind.POD, CgroupPathClassifier.classify(path).kind());
  }

  @ParameterizedTest
  @CsvSource({"kubepods.slice", "kubepods.slice/kubepods-burstable.slice", "kubepods", "kubepods/besteffort",
      "kubelet.slice/kubelet-kubepods.slice"})
  void kubepods_and_qos_slices_are_structure(String path) {
    assertEquals(Kind.KUBE_STRUCTURE, CgroupPathClassifier.classify(path).kind());
  }

  @Test
  void crio_conmon_scopes_and_cgroups_inside_containers_are_skipped() {
    String pod = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice";
    assertEquals(Kind.CONMON, CgroupPathClassifier.classify(pod + "/crio-conmon-" + ID + ".scope").kind());
    assertEquals(Kind.INSIDE_CONTAINER,
        CgroupPathClassifier.classify(pod + "/crio-" + ID + ".scope/container").kind());
  }

  @Test
  void outside_kubernetes_everything_is_other() {
    assertEquals(Kind.OTHER, CgroupPathClassifier.classify("system.slice/sshd.service").kind());
    assertEquals(Kind.OTHER, CgroupPathClassifier.classify("docker/" + ID).kind());
    assertEquals(Kind.OTHER, CgroupPathClassifier.classify("kubelet.slice").kind());
  }

  @Test
  void leaves_outside_kubernetes_are_named_by_runtime_id_or_by_path() {
    assertEquals(ID, CgroupPathClassifier.leafContainer("docker/" + ID).containerId());
    assertEquals(ID, CgroupPathClassifier.leafContainer("system.slice/docker-" + ID + ".scope").containerId());
    assertEquals(ID, CgroupPathClassifier.leafContainer("machine.slice/libpod-" + ID + ".scope").containerId());
    ContainerRef svc = CgroupPathClassifier.leafContainer("system.slice/containerd.service");
    assertEquals("system.slice/containerd.service", svc.containerId());
    assertEquals("/system.slice/containerd.service", svc.cgroupPath());
    assertNull(svc.podUid());
    assertEquals(QosClass.NONE, svc.qos());
    assertEquals("process_api/97d0", CgroupPathClassifier.leafContainer("process_api/97d0").containerId());
  }
}
