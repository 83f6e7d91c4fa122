package io.fgm.launcher.deploy;

import static io.fgm.launcher.deploy.Yaml.at;
import static io.fgm.launcher.deploy.Yaml.map;
import static io.fgm.launcher.deploy.Yaml.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for the kustomizations as kustomize itself builds them, patches and components applied: {@code kubectl
 * kustomize} renders each one locally (no cluster is contacted), and the rules of {@link DeployManifestsTest} are
 * applied to the rendered objects. Skipped where kubectl is not installed; {@link DeployManifestsTest} covers the
 * files themselves everywhere.
 */
class KustomizeBuildTest {
  private static Path root;

  @BeforeAll
  static void needsKubectl() {
    root = Yaml.repoRoot();
    assumeTrue(kubectl() != null, "kubectl is not installed: the kustomizations are not rendered");
  }

  private static Path kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "kubectl");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** The objects `kubectl kustomize dir` renders; fails with kustomize's message when it refuses. */
  private static List<Map<String, Object>> render(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(kubectl().toString(), "kustomize", dir.toString())
        .redirectErrorStream(false)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
    assertEquals(0, p.exitValue(), () -> "kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
    return Yaml.parse(new String(out, StandardCharsets.UTF_8)).stream().map(Yaml::map).toList();
  }

  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

  /** Every rule, over one rendered build. */
  private static List<String> violations(String name, List<Map<String, Object>> objects) {
    List<String> v = new ArrayList<>();
    for (Map<String, Object> o : objects) {
      if (WorkloadRules.isWorkload(o)) {
        v.addAll(WorkloadRules.check(name, o));
      }
      v.addAll(ResourceRules.checkMetadata(name, o));
      String kind = str(o.get("kind"));
      if (!CLUSTER_SCOPED.contains(kind) && !ResourceRules.NAMESPACE.equals(at(o, "metadata", "namespace"))) {
        v.add(name + " " + Yaml.id(o) + ": rendered outside " + ResourceRules.NAMESPACE);
      }
      if (!"fgm".equals(at(o, "metadata", "labels", "app.kubernetes.io/part-of"))) {
        v.add(name + " " + Yaml.id(o) + ": label app.kubernetes.io/part-of=fgm is missing");
      }
    }
    v.addAll(ResourceRules.checkRbac(name, objects));
    v.addAll(ResourceRules.checkSelectors(name, objects));
    return v;
  }

  @Test
  void base_and_overlays_render_and_keep_every_rule() throws Exception {
    for (String k : List.of("base", "overlays/dev", "overlays/external")) {
      List<Map<String, Object>> objects = render(root.resolve("deploy").resolve(k));
      List<String> v = violations(k, objects);
      assertTrue(v.isEmpty(), () -> k + ":\n  " + String.join("\n  ", v));
    }
  }

  @Test
  void the_external_overlay_moves_the_job_and_the_config_together() throws Exception {
    List<Map<String, Object>> objects = render(root.resolve("deploy/overlays/external"));
    Map<String, Object> config = objects.stream().filter(o -> "ConfigMap".equals(o.get("kind"))).findFirst().orElseThrow();
    Map<String, Object> job = objects.stream().filter(o -> "FlinkDeployment".equals(o.get("kind"))).findFirst().orElseThrow();
    List<String> args = Yaml.strings(at(job, "spec", "job", "args"));
    assertEquals(at(config, "data", "FGM_KAFKA_BOOTSTRAP"), args.get(args.indexOf("--bootstrap-servers") + 1));
    assertEquals(at(config, "data", "AWS_ENDPOINT_URL_S3"), at(job, "spec", "flinkConfiguration", "s3.endpoint"));
  }

  @Test
  void the_agent_components_change_only_what_they_promise(@TempDir Path dir) throws Exception {
    Path withoutPss = dir.resolve("without-pss");
    Files.createDirectories(withoutPss);
    Files.writeString(withoutPss.resolve(Kustomizations.FILE), overlayWith("agent-without-pss", withoutPss));
    List<Map<String, Object>> objects = render(withoutPss);
    assertEquals(List.of(), violations("without-pss", objects));
    Map<String, Object> sc = map(at(agentContainer(objects), "securityContext"));
    assertEquals(Boolean.TRUE, sc.get("runAsNonRoot"));
    assertNull(at(sc, "capabilities", "add"), "no capability is added");

    Path hostPid = dir.resolve("host-pid");
    Files.createDirectories(hostPid);
    Files.writeString(hostPid.resolve(Kustomizations.FILE), overlayWith("agent-host-pid", hostPid));
    List<String> v = violations("host-pid", render(hostPid));
    assertEquals(1, v.size(), v::toString);
    assertTrue(v.get(0).contains("DaemonSet/fgm-node-agent: hostPID is true"), v::toString);
  }

  private static String overlayWith(String component, Path from) {
    return String.join("\n",
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "namespace: " + ResourceRules.NAMESPACE,
        "resources: [" + from.relativize(root.resolve("deploy/overlays/dev")) + "]",
        "components: [" + from.relativize(root.resolve("deploy/components").resolve(component)) + "]", "");
  }

  private static Map<String, Object> agentContainer(List<Map<String, Object>> objects) {
    Map<String, Object> ds = objects.stream()
        .filter(o -> "DaemonSet".equals(o.get("kind")))
        .findFirst()
        .orElseThrow();
    return map(Yaml.list(WorkloadRules.podSpec(ds).orElseThrow().get("containers")).get(0));
  }
}
