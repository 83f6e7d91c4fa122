package io.fgm.flink.findings;

/**
 * "This container of this pod exists since then": what the findings operator tells the restart detector about each
 * named container (and repeats every window, so the detector's state outlives its TTL while the container runs).
 * A Flink POJO.
 */
public final class ContainerStart {
  public String node;
  public String podUid;
  public String podName;
  public String namespace;
  public String containerName;
  public String containerId;
  public long firstSeenMs;
  /** In the restart detector's state: whether the container this one replaced was seen (restart reported). */
  public boolean predecessorSeen;

  public ContainerStart() {}

  static ContainerStart of(ContainerFindingsState st) {
    ContainerStart s = new ContainerStart();
    s.node = st.node;
    s.podUid = st.podUid;
    s.podName = st.podName;
    s.namespace = st.namespace;
    s.containerName = st.containerName;
    s.containerId = st.containerId;
    s.firstSeenMs = st.firstSeenMs;
    return s;
  }

  /** Whether the restart detector can use it: a named container of a pod (not a pod's sandbox). */
  static boolean known(ContainerFindingsState st) {
    return st.podUid != null && st.containerName != null && !st.sandbox;
  }

  /** The restart detector's key: one pod's container, whatever its runtime id. */
  public String podContainerKey() {
    return node + "/" + podUid + "/" + containerName;
  }
}
