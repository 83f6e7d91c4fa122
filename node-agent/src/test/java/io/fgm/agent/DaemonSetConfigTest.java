package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Tests that the DaemonSet in {@code deploy/base} and {@link AgentCli} agree: every argument it passes parses, every
 * environment variable it sets is read by an option of {@code agent run} (or by the image's entry point), and the
 * container port is the agent's default HTTP port. Drift here means a pod that crash-loops or is never ready.
 */
class DaemonSetConfigTest {
  private static final Path DAEMONSET = Path.of("../deploy/base/node-agent-daemonset.yaml");
  private static final Path ENTRYPOINT = Path.of("../deploy/docker/fgm-java-entrypoint.sh");
  /** Variables that the image's entry point reads, not the agent. */
  private static final List<String> ENTRYPOINT_VARIABLES = List.of("JAVA_OPTS");
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> agentContainer() throws IOException {
    Map<String, Object> ds = new Yaml().load(Files.readString(DAEMONSET));
    Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ds.get("spec"))
        .get("template")).get("spec");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec.get("containers");
    return containers.stream().filter(c -> "node-agent".equals(c.get("name"))).findFirst().orElseThrow();
  }

  /** The model of {@code agent run} with its defaults as written ("${env:X:-d}"), not resolved. */
  private static CommandSpec runSpec() {
    CommandLine cli = new CommandLine(new AgentCli());
    cli.setInterpolateVariables(false);
    return cli.getSubcommands().get("run").getCommandSpec();
  }

  /** The option of {@code agent run} whose default comes from {@code $name}, or null. */
  private static OptionSpec optionReading(String name) {
    for (OptionSpec o : runSpec().options()) {
      String raw = o.defaultValue();
      if (raw != null) {
        Matcher m = ENV_DEFAULT.matcher(raw);
        while (m.find()) {
          if (m.group(1).equals(name)) {
            return o;
          }
        }
      }
    }
    return null;
  }

  @Test
  @SuppressWarnings("unchecked")
  void the_daemonsets_arguments_parse_as_an_agent_run_command() throws IOException {
    List<String> args = (List<String>) agentContainer().get("args");
    assertEquals("run", args.get(0));
    AgentCli.Run run = new AgentCli.Run();
    new CommandLine(run).parseArgs(args.subList(1, args.size()).toArray(new String[0]));
    assertEquals(Path.of("/host/sys/fs/cgroup"), run.root.cgroupRoot);
    assertEquals(Path.of("/host/proc"), run.root.procRoot);
    // the DaemonSet's command line takes the picocli-free path, with the same result
    assertEquals(run.options(), RunOptions.parse(args.subList(1, args.size()).toArray(new String[0]), System.getenv()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void every_environment_variable_of_the_daemonset_is_read_by_the_agent_or_its_entry_point() throws IOException {
    List<Map<String, Object>> env = (List<Map<String, Object>>) agentContainer().get("env");
    assertFalse(env.isEmpty());
    List<String> unknown = new ArrayList<>();
    for (Map<String, Object> e : env) {
      String name = (String) e.get("name");
      if (ENTRYPOINT_VARIABLES.contains(name)) {
        assertTrue(Files.readString(ENTRYPOINT).contains("$" + "{" + name), name + " is read by the entry point");
        continue;
      }
      OptionSpec o = optionReading(name);
      if (o == null) {
        unknown.add(name);
        continue;
      }
      // a literal value must parse as the option it feeds (valueFrom values are filled in by Kubernetes)
      Object value = e.get("value");
      if (value != null) {
        ParseResult r = new CommandLine(new AgentCli.Run()).parseArgs(o.longestName(), value.toString());
        assertTrue(r.hasMatchedOption(o.longestName()), name + " -> " + o.longestName());
      }
    }
    assertTrue(unknown.isEmpty(), "set in the DaemonSet but read by no option of `agent run`: " + unknown);
  }

  @Test
  @SuppressWarnings("unchecked")
  void the_container_port_and_the_scrape_annotation_are_the_agents_default_http_port() throws IOException {
    OptionSpec port = runSpec().findOption("--http-port");
    assertNotNull(optionReading("FGM_HTTP_PORT"), "the port can be changed by FGM_HTTP_PORT");
    String raw = port.defaultValue();
    Matcher m = Pattern.compile(":-(\\d+)}").matcher(raw);
    assertTrue(m.find(), raw);
    int defaultPort = Integer.parseInt(m.group(1));

    List<Map<String, Object>> ports = (List<Map<String, Object>>) agentContainer().get("ports");
    Map<String, Object> metrics = ports.stream().filter(p -> "metrics".equals(p.get("name"))).findFirst().orElseThrow();
    assertEquals(defaultPort, metrics.get("containerPort"));
    Map<String, Object> ds = new Yaml().load(Files.readString(DAEMONSET));
    Map<String, Object> annotations = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) ds.get("spec")).get("template")).get("metadata")).get("annotations");
    assertEquals(Integer.toString(defaultPort), annotations.get("prometheus.io/port"));
    assertNotNull(optionReading("FGM_HTTP_HOST"), "the image sets FGM_HTTP_HOST=0.0.0.0 so probes reach the pod IP");
  }
}
