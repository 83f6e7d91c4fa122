package io.fgm.launcher.deploy;

import static io.fgm.launcher.deploy.Yaml.at;
import static io.fgm.launcher.deploy.Yaml.list;
import static io.fgm.launcher.deploy.Yaml.map;
import static io.fgm.launcher.deploy.Yaml.str;
import static io.fgm.launcher.deploy.Yaml.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests for the deployment files: deploy/ (kustomize base, overlays and components, Dockerfiles) and
 * docker-compose.yml. Nothing here runs Docker or Kubernetes; the files are parsed and held to the properties that
 * matter: pinned images, resources, least privilege, existing references, healthchecks, and the contracts of the
 * components (flags, ports, paths, versions). {@link DeployRulesTest} shows that each rule catches a violation.
 */
class DeployManifestsTest {
  private static DeployTree tree;

  @BeforeAll
  static void load() {
    tree = new DeployTree(Yaml.repoRoot());
  }

  /** Fails with every violation listed, once each (the base is part of every overlay), one per line. */
  private static void assertNone(List<String> found) {
    List<String> violations = found.stream().distinct().toList();
    assertTrue(violations.isEmpty(), () -> violations.size() + " violation(s):\n  " + String.join("\n  ", violations));
  }

  /** Applies a rule to every object of every kustomization. */
  private static List<String> everyResource(BiFunction<String, Map<String, Object>, List<String>> rule) {
    List<String> v = new ArrayList<>();
    for (String k : tree.builds.keySet()) {
      for (DeployTree.Resource r : tree.resources(k)) {
        v.addAll(rule.apply(r.where(), r.content()));
      }
    }
    return v;
  }

  private static Map<String, Object> container(Map<String, Object> workload, String name) {
    return WorkloadRules.podSpec(workload).map(spec -> list(spec.get("containers"))).orElseThrow().stream()
        .map(Yaml::map)
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(Yaml.id(workload) + " has no container " + name));
  }

  private static String envValue(Map<String, Object> container, String name) {
    return list(container.get("env")).stream().map(Yaml::map).filter(e -> name.equals(e.get("name")))
        .map(e -> e.containsKey("value") ? str(e.get("value")) : String.valueOf(e.get("valueFrom")))
        .findFirst()
        .orElse(null);
  }

  @Test
  void every_yaml_file_under_deploy_and_the_compose_file_parse() {
    List<Path> files = new ArrayList<>(Yaml.yamlFilesUnder(tree.deploy));
    files.add(tree.root.resolve("docker-compose.yml"));
    for (Path f : files) {
      assertFalse(Yaml.load(f).documents().isEmpty(), f + " holds no YAML document");
    }
    assertTrue(tree.builds.keySet().containsAll(List.of("base", "overlays/dev")), "kustomizations: " + tree.builds);
  }

  @Test
  void kustomizations_list_only_files_that_exist_and_every_file_is_used() {
    List<String> v = new ArrayList<>();
    Set<Path> used = new HashSet<>();
    tree.builds.values().forEach(b -> {
      v.addAll(b.violations());
      used.addAll(b.referencedFiles());
    });
    for (Path f : Yaml.yamlFilesUnder(tree.deploy)) {
      if (!used.contains(f.normalize())) {
        v.add(tree.root.relativize(f) + " is not used by any kustomization (forgotten in resources or patches?)");
      }
    }
    assertNone(v);
  }

  @Test
  void workloads_pin_images_set_resources_and_drop_privileges() {
    assertNone(everyResource((where, r) -> WorkloadRules.isWorkload(r) ? WorkloadRules.check(where, r) : List.of()));
  }

  @Test
  void every_object_is_in_the_fgm_namespace_and_labelled() {
    assertNone(everyResource(ResourceRules::checkMetadata));
  }

  @Test
  void rbac_grants_no_more_than_the_components_need() {
    List<String> v = new ArrayList<>();
    for (String k : tree.builds.keySet()) {
      v.addAll(ResourceRules.checkRbac(k, tree.resources(k).stream().map(DeployTree.Resource::content).toList()));
    }
    assertNone(v);
    for (String reader : List.of(WorkloadRules.AGENT, WorkloadRules.POD_WATCHER)) {
      Map<String, Object> role = tree.resource("base", "ClusterRole", reader);
      assertEquals(List.of(Map.of("apiGroups", List.of(""), "resources", List.of("pods"),
          "verbs", List.of("get", "list", "watch"))), role.get("rules"), reader);
    }
  }

  @Test
  void pod_watcher_runs_once_per_cluster_as_non_root_reading_only_pods() {
    Map<String, Object> deployment = tree.resource("base", "Deployment", WorkloadRules.POD_WATCHER);
    assertEquals(1, at(deployment, "spec", "replicas"), "one watcher per cluster");
    assertEquals("Recreate", at(deployment, "spec", "strategy", "type"), "no two watchers during a rollout");
    Map<String, Object> spec = WorkloadRules.podSpec(deployment).orElseThrow();
    assertEquals(WorkloadRules.POD_WATCHER, spec.get("serviceAccountName"));
    assertEquals(Boolean.TRUE, spec.get("automountServiceAccountToken"), "fabric8 needs the account's token");
    Map<String, Object> watcher = container(deployment, "pod-watcher");
    assertTrue(envValue(watcher, "FGM_KAFKA_BOOTSTRAP").contains("fgm-config"), "bootstrap from the ConfigMap");
    assertEquals(9101, at(list(watcher.get("ports")).get(0), "containerPort"));
    assertEquals("/healthz", at(watcher, "readinessProbe", "httpGet", "path"));
    assertEquals(Boolean.TRUE, at(spec, "securityContext", "runAsNonRoot"));
    assertEquals(List.of(), strings(at(watcher, "securityContext", "capabilities", "add")));
    Map<String, Object> binding = tree.resource("base", "ClusterRoleBinding", WorkloadRules.POD_WATCHER);
    assertEquals(WorkloadRules.POD_WATCHER, at(binding, "roleRef", "name"));
    assertEquals(WorkloadRules.POD_WATCHER, at(list(binding.get("subjects")).get(0), "name"));
  }

  @Test
  void services_and_network_policies_select_pods_that_exist() {
    List<String> v = new ArrayList<>();
    for (String k : List.of("base", "overlays/dev")) {
      v.addAll(ResourceRules.checkSelectors(k, tree.resources(k).stream().map(DeployTree.Resource::content).toList()));
    }
    assertNone(v);
  }

  @Test
  void node_agent_reads_host_cgroups_and_proc_read_only_with_the_contracted_flags() {
    Map<String, Object> ds = tree.resource("base", "DaemonSet", WorkloadRules.AGENT);
    Map<String, Object> spec = WorkloadRules.podSpec(ds).orElseThrow();
    Map<String, Object> agent = container(ds, "node-agent");
    assertEquals(List.of("run", "--cgroup-root", "/host/sys/fs/cgroup", "--proc-root", "/host/proc"),
        strings(agent.get("args")));
    assertEquals("{fieldRef={fieldPath=spec.nodeName}}", envValue(agent, "NODE_NAME"));
    assertTrue(envValue(agent, "FGM_KAFKA_BOOTSTRAP").contains("fgm-config"), "bootstrap from the ConfigMap");
    assertEquals(9100, at(list(agent.get("ports")).get(0), "containerPort"));
    assertEquals("/healthz", at(agent, "livenessProbe", "httpGet", "path"));
    assertFalse(Boolean.TRUE.equals(spec.get("hostPID")), "hostPID stays false in the base");

    Map<String, String> hostPaths = new java.util.HashMap<>();
    for (Object vol : list(spec.get("volumes"))) {
      if (map(vol).containsKey("hostPath")) {
        hostPaths.put(str(map(vol).get("name")), str(at(vol, "hostPath", "path")));
      }
    }
    Map<String, String> mountedAt = new java.util.HashMap<>();
    for (Object m : list(agent.get("volumeMounts"))) {
      String host = hostPaths.get(str(map(m).get("name")));
      if (host != null) {
        mountedAt.put(host, str(map(m).get("mountPath")));
        assertEquals(Boolean.TRUE, map(m).get("readOnly"), host + " is mounted read-only");
      }
    }
    assertEquals(Map.of("/sys/fs/cgroup", "/host/sys/fs/cgroup", "/proc", "/host/proc"), mountedAt);

    Map<String, Object> sc = map(agent.get("securityContext"));
    assertEquals(List.of("SYS_PTRACE"), strings(at(sc, "capabilities", "add")));
    assertEquals(Boolean.TRUE, sc.get("readOnlyRootFilesystem"));
    assertEquals(WorkloadRules.AGENT, spec.get("serviceAccountName"));
    Map<String, Object> binding = tree.resource("base", "ClusterRoleBinding", WorkloadRules.AGENT);
    assertEquals(WorkloadRules.AGENT, at(list(binding.get("subjects")).get(0), "name"));
  }

  @Test
  void flink_deployment_runs_the_ingest_job_with_checkpoints_on_s3() {
    Map<String, Object> fd = tree.resource("base", "FlinkDeployment", "fgm-ingest");
    assertEquals("flink.apache.org/v1beta1", fd.get("apiVersion"));
    String flinkVersion = tree.pomProperty("flink.version");
    assertEquals("v" + flinkVersion.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"), at(fd, "spec", "flinkVersion"));
    assertEquals("local:///opt/flink/usrlib/fgm-flink-jobs.jar", at(fd, "spec", "job", "jarURI"));
    assertEquals("io.fgm.flink.IngestJobMain", at(fd, "spec", "job", "entryClass"));

    List<String> args = strings(at(fd, "spec", "job", "args"));
    Map<String, Object> config = map(at(tree.resource("base", "ConfigMap", "fgm-config"), "data"));
    assertEquals(config.get("FGM_KAFKA_BOOTSTRAP"), args.get(args.indexOf("--bootstrap-servers") + 1),
        "the job reads the Kafka the agents write to");
    assertEquals(config.get("FGM_STORE_URI"), args.get(args.indexOf("--output-path") + 1),
        "the job writes the store the query service reads");
    assertTrue(args.contains("--checkpoint-interval"), "args: " + args);

    Map<String, Object> flinkConf = map(at(fd, "spec", "flinkConfiguration"));
    assertTrue(str(flinkConf.get("execution.checkpointing.dir")).startsWith("s3://"), "checkpoints on S3");
    assertEquals(config.get("AWS_ENDPOINT_URL_S3"), flinkConf.get("s3.endpoint"));
    assertEquals("true", str(flinkConf.get("s3.path.style.access")));
    Map<String, Object> main = container(fd, "flink-main-container");
    assertEquals("flink-s3-fs-hadoop-" + flinkVersion + ".jar", envValue(main, "ENABLE_BUILT_IN_PLUGINS"));
    assertTrue(envValue(main, "AWS_SECRET_ACCESS_KEY").contains("fgm-s3-credentials"), "S3 secret from a Secret");
    for (String role : List.of("jobManager", "taskManager")) {
      assertTrue(at(fd, "spec", role, "resource", "cpu") != null && at(fd, "spec", role, "resource", "memory") != null,
          role + " has cpu and memory");
    }
  }

  @Test
  void query_service_and_mcp_gateway_expose_the_contracted_ports_and_tokens() {
    Map<String, Object> query = container(tree.resource("base", "Deployment", "fgm-query"), "query-service");
    assertEquals(8050, at(list(query.get("ports")).get(0), "containerPort"));
    assertTrue(envValue(query, "FGM_QUERY_TOKEN").contains("optional=true"), "the query token is optional");
    assertEquals(8050, at(list(at(tree.resource("base", "Service", "fgm-query"), "spec", "ports")).get(0), "port"));

    Map<String, Object> mcp = container(tree.resource("base", "Deployment", "fgm-mcp"), "mcp-gateway");
    assertEquals(8080, at(list(mcp.get("ports")).get(0), "containerPort"));
    assertTrue(envValue(mcp, "FGM_MCP_TOKEN").contains("optional=true"), "the MCP token is optional");
    assertEquals(8080, at(list(at(tree.resource("base", "Service", "fgm-mcp"), "spec", "ports")).get(0), "port"));
    assertEquals("http://fgm-query:8050", at(tree.resource("base", "ConfigMap", "fgm-config"), "data", "FGM_QUERY_URL"));
  }

  @Test
  void images_match_the_versions_the_parent_pom_pins() {
    String kafka = "apache/kafka:" + tree.pomProperty("kafka.version");
    String version = tree.projectVersion();
    List<String> v = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (String k : tree.builds.keySet()) {
      for (DeployTree.Resource r : tree.resources(k)) {
        if ("FlinkDeployment".equals(r.content().get("kind"))) {
          images.add(str(at(r.content(), "spec", "image")));
        }
        WorkloadRules.podSpec(r.content()).ifPresent(spec -> {
          list(spec.get("containers")).forEach(c -> images.add(str(map(c).get("image"))));
          list(spec.get("initContainers")).forEach(c -> images.add(str(map(c).get("image"))));
        });
      }
    }
    map(tree.compose().get("services")).values().forEach(s -> images.add(str(map(s).get("image"))));
    for (String image : images) {
      if (image == null) {
        continue; // the FlinkDeployment's pod template takes the resource's image
      }
      String repo = WorkloadRules.repository(image);
      if (repo.equals("apache/kafka") && !image.equals(kafka)) {
        v.add(image + " should be " + kafka + " (kafka.version in pom.xml)");
      }
      if (repo.startsWith("fgm/")) {
        if (!version.equals(WorkloadRules.tag(image))) {
          v.add(image + " should be tagged with the project version " + version);
        }
        Path dockerfile = tree.deploy.resolve("docker").resolve(repo.substring(4) + ".Dockerfile");
        if (!dockerfile.toFile().isFile()) {
          v.add(image + " has no Dockerfile " + tree.root.relativize(dockerfile));
        }
      }
    }
    assertNone(v);
  }

  @Test
  void compose_stack_is_pinned_healthchecked_and_started_in_order() {
    assertNone(ComposeRules.check(tree.compose(), tree.root));
  }

  @Test
  void compose_runs_the_same_job_and_agent_as_kubernetes() {
    Map<String, Object> services = map(tree.compose().get("services"));
    List<String> job = strings(at(services, "jobmanager", "command"));
    assertEquals("standalone-job", job.get(0));
    assertEquals("io.fgm.flink.IngestJobMain", job.get(job.indexOf("--job-classname") + 1));
    assertTrue(job.containsAll(List.of("--bootstrap-servers", "--output-path", "--checkpoint-interval")), "" + job);
    assertTrue(str(at(services, "jobmanager", "environment", "ENABLE_BUILT_IN_PLUGINS"))
        .equals("flink-s3-fs-hadoop-" + tree.pomProperty("flink.version") + ".jar"));
    assertEquals(List.of("run", "--cgroup-root", "/host/sys/fs/cgroup", "--proc-root", "/host/proc"),
        strings(at(services, "node-agent", "command")));
    assertTrue(strings(at(services, "node-agent", "volumes")).containsAll(
        List.of("/sys/fs/cgroup:/host/sys/fs/cgroup:ro", "/proc:/host/proc:ro")));
    for (String ours : List.of("node-agent", "query-service", "mcp-gateway", "jobmanager", "taskmanager")) {
      assertTrue(at(services, ours, "healthcheck", "test") != null, ours + " has a healthcheck");
    }
  }

  @Test
  void dockerfiles_pin_their_bases_and_run_as_non_root() {
    List<String> v = new ArrayList<>();
    List<Path> dockerfiles = tree.dockerfiles();
    assertEquals(5, dockerfiles.size(), "one Dockerfile per component: " + dockerfiles);
    for (Path df : dockerfiles) {
      String name = df.getFileName().toString();
      List<String> bases = DockerfileRules.baseImages(DockerfileRules.instructions(tree.read(df)));
      v.addAll(DockerfileRules.check(name, tree.read(df), tree.root));
      if (!bases.get(0).equals("maven:3.9-eclipse-temurin-17")) {
        v.add(name + ": the build stage should be maven:3.9-eclipse-temurin-17, is " + bases.get(0));
      }
      String runtime = name.equals("flink-jobs.Dockerfile")
          ? "flink:" + tree.pomProperty("flink.version") + "-java17" : "eclipse-temurin:17-jre";
      if (!bases.get(bases.size() - 1).equals(runtime)) {
        v.add(name + ": the runtime stage should be " + runtime + ", is " + bases.get(bases.size() - 1));
      }
    }
    assertNone(v);
    String flink = tree.read(tree.deploy.resolve("docker/flink-jobs.Dockerfile"));
    assertTrue(flink.contains("/opt/flink/usrlib/fgm-flink-jobs.jar"), "the job jar is where jarURI points");
  }
}
