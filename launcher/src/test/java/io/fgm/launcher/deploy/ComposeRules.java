package io.fgm.launcher.deploy;

import static io.fgm.launcher.deploy.Yaml.at;
import static io.fgm.launcher.deploy.Yaml.map;
import static io.fgm.launcher.deploy.Yaml.str;
import static io.fgm.launcher.deploy.Yaml.strings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules for docker-compose.yml: pinned images, healthchecks where something waits on them, start-up ordering by
 * conditions (not by luck), ports on loopback only, and host access for the node agent alone (read-only mounts,
 * only CAP_SYS_PTRACE added, never privileged). Pure apart from checking that build files exist.
 */
final class ComposeRules {
  private ComposeRules() {}

  static final String AGENT_SERVICE = "node-agent";

  static List<String> check(Map<String, Object> compose, Path repoRoot) {
    List<String> v = new ArrayList<>();
    Map<String, Object> services = map(compose.get("services"));
    if (services.isEmpty()) {
      v.add("docker-compose.yml has no services");
    }
    for (Map.Entry<String, Object> e : services.entrySet()) {
      String name = e.getKey();
      Map<String, Object> s = map(e.getValue());
      String where = "compose service " + name + ": ";
      WorkloadRules.imagePinProblem(str(s.get("image"))).ifPresent(p -> v.add(where + p));
      Object build = s.get("build");
      if (build != null) {
        String context = build instanceof String ? (String) build : str(map(build).getOrDefault("context", "."));
        String dockerfile = str(map(build).getOrDefault("dockerfile", "Dockerfile"));
        Path df = repoRoot.resolve(context).resolve(dockerfile).normalize();
        if (!Files.isRegularFile(df)) {
          v.add(where + "build file " + df + " does not exist");
        }
      }
      boolean oneShot = "no".equals(str(s.get("restart")));
      if (!oneShot && at(s, "healthcheck", "test") == null) {
        v.add(where + "a long-running service needs a healthcheck");
      }
      v.addAll(checkDependencies(where, s, services));
      for (String port : strings(s.get("ports"))) {
        if (!port.startsWith("127.0.0.1:")) {
          v.add(where + "port " + port + " is not bound to 127.0.0.1");
        }
      }
      v.addAll(checkHostAccess(where, name, s));
    }
    return v;
  }

  private static List<String> checkDependencies(String where, Map<String, Object> s, Map<String, Object> services) {
    List<String> v = new ArrayList<>();
    Object deps = s.get("depends_on");
    if (deps instanceof List<?>) {
      v.add(where + "depends_on must name a condition for each service (service_healthy or "
          + "service_completed_successfully), not only the order of start");
      return v;
    }
    for (Map.Entry<String, Object> d : map(deps).entrySet()) {
      Map<String, Object> target = map(services.get(d.getKey()));
      String condition = str(map(d.getValue()).get("condition"));
      if (!services.containsKey(d.getKey())) {
        v.add(where + "depends on the unknown service " + d.getKey());
      } else if ("service_healthy".equals(condition)) {
        if (at(target, "healthcheck", "test") == null) {
          v.add(where + "waits for " + d.getKey() + " to be healthy, but it has no healthcheck");
        }
      } else if ("service_completed_successfully".equals(condition)) {
        if (!"no".equals(str(target.get("restart")))) {
          v.add(where + "waits for " + d.getKey() + " to complete, but it is not a one-shot service (restart: \"no\")");
        }
      } else {
        v.add(where + "depends on " + d.getKey() + " with condition " + condition
            + " (use service_healthy or service_completed_successfully)");
      }
    }
    return v;
  }

  private static List<String> checkHostAccess(String where, String name, Map<String, Object> s) {
    List<String> v = new ArrayList<>();
    boolean agent = AGENT_SERVICE.equals(name);
    if (Boolean.TRUE.equals(s.get("privileged"))) {
      v.add(where + "privileged mode is not allowed");
    }
    for (String key : List.of("pid", "network_mode", "ipc")) {
      if ("host".equals(s.get(key))) {
        v.add(where + key + ": host is not allowed");
      }
    }
    Set<String> allowedCaps = agent ? WorkloadRules.AGENT_CAPABILITIES : Set.of();
    for (String cap : strings(s.get("cap_add"))) {
      if (!allowedCaps.contains(cap)) {
        v.add(where + "adds capability " + cap);
      }
    }
    for (Object volume : Yaml.list(s.get("volumes"))) {
      String source;
      boolean readOnly;
      if (volume instanceof Map<?, ?>) { // long syntax
        Map<String, Object> m = map(volume);
        source = "bind".equals(m.get("type")) ? str(m.get("source")) : null;
        readOnly = Boolean.TRUE.equals(m.get("read_only"));
      } else {
        String[] parts = String.valueOf(volume).split(":");
        source = parts[0].startsWith("/") || parts[0].startsWith(".") ? parts[0] : null;
        readOnly = parts.length >= 3 && Set.of(parts[2].split(",")).contains("ro");
      }
      if (source == null) {
        continue; // a named volume
      }
      if (!agent) {
        v.add(where + "mounts the host path " + source + " (only the node agent may)");
      } else if (!readOnly) {
        v.add(where + "host path " + source + " must be mounted read-only (:ro)");
      }
    }
    if (agent) {
      if (!strings(s.get("cap_drop")).contains("ALL")) {
        v.add(where + "cap_drop must contain ALL");
      }
      if (!Boolean.TRUE.equals(s.get("read_only"))) {
        v.add(where + "read_only must be true");
      }
    }
    return v;
  }
}
