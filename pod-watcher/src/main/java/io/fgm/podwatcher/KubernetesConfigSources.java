package io.fgm.podwatcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standard places fabric8 reads Kubernetes client configuration from. Checked only to say clearly, once, that
 * there is none (a laptop): fabric8 would otherwise quietly try https://kubernetes.default.svc.
 */
final class KubernetesConfigSources {
  private KubernetesConfigSources() {}

  static boolean anyPresent() {
    String kubeconfig = System.getenv("KUBECONFIG");
    return (kubeconfig != null && !kubeconfig.isBlank())
        || Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"))
        || System.getenv("KUBERNETES_SERVICE_HOST") != null
        || Files.exists(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
  }

  static String describeChecked() {
    return "no KUBECONFIG, no ~/.kube/config, no in-cluster service account";
  }
}
