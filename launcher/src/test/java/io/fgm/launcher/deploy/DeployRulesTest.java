package io.fgm.launcher.deploy;

import static io.fgm.launcher.deploy.Yaml.at;
import static io.fgm.launcher.deploy.Yaml.list;
import static io.fgm.launcher.deploy.Yaml.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for the rules behind {@link DeployManifestsTest}: each takes a real manifest (or a small one), breaks one
 * property, and checks that the rule reports it. Without these, a rule that never fires would pass forever.
 */
class DeployRulesTest {
  private static DeployTree tree;

  @BeforeAll
  static void load() {
    tree = new DeployTree(Yaml.repoRoot());
  }

  /** A fresh, mutable copy of a base object (parsed again, so tests cannot disturb each other). */
  private static Map<String, Object> fresh(String kind, String name) {
    return new DeployTree(tree.root).resource("base", kind, name);
  }

  private static Map<String, Object> firstContainer(Map<String, Object> workload) {
    return map(list(WorkloadRules.podSpec(workload).orElseThrow().get("containers")).get(0));
  }

  private static void assertReports(List<String> violations, String expected) {
    assertTrue(violations.stream().anyMatch(v -> v.contains(expected)),
        () -> "expected a violation containing '" + expected + "', got " + violations);
  }

  @Test
  void the_real_manifests_pass_the_rules_these_tests_break() {
    assertEquals(List.of(), WorkloadRules.check("x", fresh("DaemonSet", WorkloadRules.AGENT)));
    assertEquals(List.of(), WorkloadRules.check("x", fresh("Deployment", "fgm-query")));
    assertEquals(List.of(), WorkloadRules.check("x", fresh("Deployment", WorkloadRules.POD_WATCHER)));
  }

  @Test
  void a_pod_watcher_running_as_root_or_with_a_writable_root_is_reported() {
    Map<String, Object> watcher = fresh("Deployment", WorkloadRules.POD_WATCHER);
    map(WorkloadRules.podSpec(watcher).orElseThrow().get("securityContext")).put("runAsUser", 0);
    map(firstContainer(watcher).get("securityContext")).put("readOnlyRootFilesystem", false);
    List<String> v = WorkloadRules.check("x", watcher);
    assertReports(v, "must run as non-root");
    assertReports(v, "readOnlyRootFilesystem must be true for fgm/pod-watcher");
  }

  @Test
  void latest_and_untagged_images_are_not_pinned() {
    assertEquals(Optional.empty(), WorkloadRules.imagePinProblem("apache/kafka:4.2.0"));
    assertEquals(Optional.empty(), WorkloadRules.imagePinProblem("registry:5000/fgm/node-agent:0.1.0"));
    assertEquals(Optional.empty(), WorkloadRules.imagePinProblem("busybox@sha256:0123abcd"));
    assertTrue(WorkloadRules.imagePinProblem("apache/kafka:latest").isPresent());
    assertTrue(WorkloadRules.imagePinProblem("apache/kafka").isPresent());
    assertTrue(WorkloadRules.imagePinProblem("registry:5000/fgm/node-agent").isPresent());

    Map<String, Object> query = fresh("Deployment", "fgm-query");
    firstContainer(query).put("image", "fgm/query-service:latest");
    assertReports(WorkloadRules.check("x", query), "is not pinned");
  }

  @Test
  void a_container_without_limits_is_reported() {
    Map<String, Object> query = fresh("Deployment", "fgm-query");
    map(firstContainer(query).get("resources")).remove("limits");
    assertReports(WorkloadRules.check("x", query), "resources.limits.memory is not set");
  }

  @Test
  void a_writable_host_path_mount_is_reported() {
    Map<String, Object> agent = fresh("DaemonSet", WorkloadRules.AGENT);
    map(list(firstContainer(agent).get("volumeMounts")).get(1)).put("readOnly", false);
    assertReports(WorkloadRules.check("x", agent), "hostPath mount /host/proc must be readOnly");
  }

  @Test
  void privilege_escalation_extra_capabilities_and_a_writable_root_are_reported() {
    Map<String, Object> agent = fresh("DaemonSet", WorkloadRules.AGENT);
    Map<String, Object> sc = map(firstContainer(agent).get("securityContext"));
    sc.put("allowPrivilegeEscalation", true);
    sc.put("readOnlyRootFilesystem", false);
    map(sc.get("capabilities")).put("add", List.of("SYS_PTRACE", "SYS_ADMIN"));
    map(sc.get("capabilities")).put("drop", List.of("NET_RAW"));
    List<String> v = WorkloadRules.check("x", agent);
    assertReports(v, "allowPrivilegeEscalation must be false");
    assertReports(v, "adds capability SYS_ADMIN");
    assertReports(v, "capabilities.drop must contain ALL");
    assertReports(v, "readOnlyRootFilesystem must be true");
  }

  @Test
  void only_the_agent_may_run_as_root_or_use_the_host() {
    Map<String, Object> query = fresh("Deployment", "fgm-query");
    Map<String, Object> spec = WorkloadRules.podSpec(query).orElseThrow();
    map(spec.get("securityContext")).put("runAsUser", 0);
    spec.put("hostPID", true);
    List<String> v = WorkloadRules.check("x", query);
    assertReports(v, "must run as non-root");
    assertReports(v, "hostPID is true");
  }

  @Test
  void a_cluster_role_beyond_reading_pods_is_reported() {
    Map<String, Object> role = fresh("ClusterRole", WorkloadRules.AGENT);
    role.put("rules", List.of(Map.of("apiGroups", List.of(""), "resources", List.of("pods", "secrets"),
        "verbs", List.of("get", "list", "watch", "delete"))));
    List<String> v = ResourceRules.checkRbac("x", List.of(role));
    assertReports(v, "may only grant get/list/watch on pods");
    assertReports(v, "grants access to secrets");

    Map<String, Object> binding = fresh("ClusterRoleBinding", WorkloadRules.AGENT);
    map(binding.get("roleRef")).put("name", "cluster-admin");
    assertReports(ResourceRules.checkRbac("x", List.of(binding)), "binds ClusterRole/cluster-admin");
  }

  @Test
  void a_service_selecting_no_pods_is_reported() {
    Map<String, Object> service = fresh("Service", "fgm-query");
    map(at(service, "spec")).put("selector", Map.of("app.kubernetes.io/name", "fgm-typo"));
    assertReports(ResourceRules.checkSelectors("x", List.of(service, fresh("Deployment", "fgm-query"))),
        "matches no workload's pods");
  }

  @Test
  void a_kustomization_listing_a_missing_file_is_reported(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(Kustomizations.FILE), String.join("\n",
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "namespace: fine-grained-monitor",
        "resources: [present.yaml, missing.yaml]",
        "patches: [{path: gone-patch.yaml}]", ""));
    Files.writeString(dir.resolve("present.yaml"), "kind: ConfigMap\n");
    Kustomizations.Build b = Kustomizations.follow(dir);
    assertReports(b.violations(), "lists missing.yaml, which does not exist");
    assertReports(b.violations(), "lists gone-patch.yaml, which does not exist");
    assertEquals(List.of(dir.resolve("present.yaml")), b.resourceFiles());
  }

  @Test
  void compose_waiting_on_a_service_without_healthcheck_is_reported() {
    Map<String, Object> compose = map(Yaml.parse(String.join("\n",
        "services:",
        "  kafka: {image: 'apache/kafka:4.2.0', restart: unless-stopped}",
        "  agent:",
        "    image: fgm/node-agent",
        "    restart: unless-stopped",
        "    healthcheck: {test: [CMD, 'true']}",
        "    ports: ['8050:8050']",
        "    depends_on: {kafka: {condition: service_healthy}}",
        "  node-agent:",
        "    image: 'fgm/node-agent:1'",
        "    restart: unless-stopped",
        "    privileged: true",
        "    healthcheck: {test: [CMD, 'true']}",
        "    volumes: ['/proc:/host/proc']", "")).get(0));
    List<String> v = ComposeRules.check(compose, tree.root);
    assertReports(v, "waits for kafka to be healthy, but it has no healthcheck");
    assertReports(v, "compose service kafka: a long-running service needs a healthcheck");
    assertReports(v, "has no tag");
    assertReports(v, "port 8050:8050 is not bound to 127.0.0.1");
    assertReports(v, "privileged mode is not allowed");
    assertReports(v, "host path /proc must be mounted read-only");
  }

  @Test
  void a_dockerfile_running_as_root_or_from_latest_is_reported() {
    String dockerfile = String.join("\n",
        "FROM maven:latest AS build",
        "RUN echo \\",
        "  building",
        "FROM eclipse-temurin:17-jre",
        "COPY --from=build /out /opt/fgm",
        "COPY deploy/docker/no-such-file.sh /usr/local/bin/",
        "USER root", "");
    List<String> v = DockerfileRules.check("Test.Dockerfile", dockerfile, tree.root);
    assertReports(v, "image maven:latest is not pinned");
    assertReports(v, "must switch to a non-root USER");
    assertReports(v, "no-such-file.sh does not exist");
    assertEquals(List.of("maven:latest", "eclipse-temurin:17-jre"),
        DockerfileRules.baseImages(DockerfileRules.instructions(dockerfile)));
  }
}
