package io.fgm.flink.enrich;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.PodMetadata;

/** Joins Kubernetes names to a container: a pure function of the container and its pod's metadata. */
public final class PodNames {
  private PodNames() {}

  /**
   * The container with the pod name, namespace and container name filled in from {@code pod} where the sample
   * did not carry them; unchanged when {@code pod} is null (metadata not seen yet: the sample is stored without
   * names rather than held back). The container name is looked up by runtime container id.
   */
  public static ContainerRef enrich(ContainerRef c, PodMetadata pod) {
    if (pod == null) {
      return c;
    }
    String podName = c.podName() != null ? c.podName() : pod.podName();
    String namespace = c.namespace() != null ? c.namespace() : pod.namespace();
    String containerName =
        c.containerName() != null ? c.containerName() : pod.containerName(c.containerId()).orElse(null);
    if (podName == c.podName() && namespace == c.namespace() && containerName == c.containerName()) {
      return c;
    }
    return c.withNames(podName, namespace, containerName);
  }
}
