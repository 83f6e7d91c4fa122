package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Tests that {@link RunOptions#parse} (no picocli) and picocli's {@code run} agree, and what the former leaves. */
class RunOptionsTest {
  private static List<OptionSpec> runOptions() {
    List<OptionSpec> out = new ArrayList<>();
    for (OptionSpec o : new CommandLine(new AgentCli()).getSubcommands().get("run").getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        out.add(o);
      }
    }
    return out;
  }

  private static RunOptions picocli(String... args) {
    AgentCli.Run run = new AgentCli.Run();
    new CommandLine(run).parseArgs(args);
    return run.options();
  }

  /** A valid value of the option's type that differs from its default. */
  private static String sample(OptionSpec o) {
    Class<?> t = o.type();
    if (t == long.class || t == int.class) {
      return o.longestName().equals("--http-port") ? "-1" : "4321";
    }
    if (t == boolean.class) {
      return "false";
    }
    if (t == Path.class) {
      return "/host/x y/" + o.longestName().substring(2);
    }
    return "v-" + o.longestName().substring(2);
  }

  @Test
  void theTableNamesExactlyPicoclisOptionsWithTheSameDefaults() {
    Set<String> picocliNames = new TreeSet<>();
    Map<String, String> picocliDefaults = new HashMap<>();
    for (OptionSpec o : runOptions()) {
      picocliNames.addAll(List.of(o.names()));
      picocliDefaults.put(o.longestName(), o.defaultValueString(false)); // not interpolated
    }
    Set<String> tableNames = new TreeSet<>();
    for (String[][] row : RunOptions.OPTIONS) {
      tableNames.addAll(List.of(row[0]));
      // picocli's default is "${env:A:-${env:B:-default}}" (or "${env:A}" without a default)
      StringBuilder expected = new StringBuilder();
      for (String env : row[1]) {
        expected.append("${env:").append(env);
        if (row[2][0] != null || !env.equals(row[1][row[1].length - 1])) {
          expected.append(":-");
        }
      }
      if (row[2][0] != null) {
        expected.append(row[2][0]);
      }
      expected.append("}".repeat(row[1].length));
      String longest = row[0][0];
      for (String n : row[0]) {
        longest = n.length() > longest.length() ? n : longest;
      }
      assertEquals(picocliDefaults.get(longest), expected.toString(), longest);
    }
    assertEquals(picocliNames, tableNames);
  }

  @Test
  void withoutArgumentsBothParsersGiveTheDefaults() {
    RunOptions fast = RunOptions.parse(new String[0], System.getenv());
    assertNotNull(fast);
    assertEquals(picocli(), fast);
  }

  @Test
  void everyOptionUnderEveryNameAndBothSpellingsParsesAsPicocliParsesIt() {
    for (OptionSpec o : runOptions()) {
      String value = sample(o);
      for (String name : o.names()) {
        RunOptions expected = picocli(name, value);
        assertEquals(expected, RunOptions.parse(new String[] {name, value}, System.getenv()), name + " " + value);
        assertEquals(expected, RunOptions.parse(new String[] {name + "=" + value}, System.getenv()),
            name + "=" + value);
      }
    }
  }

  @Test
  void aFullCommandLineParsesAsPicocliParsesIt() {
    String[] args = {"--cgroup-root", "/host/sys/fs/cgroup", "--proc-root=/host/proc", "--node-name", "n1",
        "--bootstrap-servers", "k:9092,k2:9092", "--spill-dir", "none", "--http-port", "0", "--http-bind",
        "0.0.0.0", "--self-metrics=false", "--pressure-period", "0", "--publisher", "discard"};
    RunOptions fast = RunOptions.parse(args, System.getenv());
    assertEquals(picocli(args), fast);
    assertEquals("none", fast.spillDir());
    assertEquals(0, fast.pressurePeriodMs());
  }

  @Test
  void environmentVariablesGiveTheDefaultsAndTheFirstNamedWins() {
    Map<String, String> env = Map.of("FGM_PERIOD_MS", "500", "NODE_NAME", "from-env", "FGM_PRESSURE_PERIOD", "4000",
        "FGM_SELF_METRICS", "FALSE", "FGM_HTTP_HOST", "");
    RunOptions o = RunOptions.parse(new String[] {"--node-name", "from-arg"}, env);
    assertEquals(500, o.periodMs());
    assertEquals("from-arg", o.nodeName());
    assertEquals(4000, o.pressurePeriodMs());
    assertEquals(false, o.selfMetrics());
    assertEquals("", o.httpHost(), "set but empty is a value, as in picocli");
    Map<String, String> both = Map.of("FGM_PRESSURE_PERIOD_MS", "1000", "FGM_PRESSURE_PERIOD", "4000");
    assertEquals(1000, RunOptions.parse(new String[0], both).pressurePeriodMs());
    assertNull(RunOptions.parse(new String[0], Map.of()).nodeName(), "no NODE_NAME: the builder's hostname");
  }

  @Test
  void whatPicocliMustAnswerIsLeftToPicocli() {
    Map<String, String> env = Map.of();
    for (String[] args : new String[][] {
        {"--help"}, {"-h"}, {"-V"}, {"--no-such-option", "1"}, {"positional"}, {"--topic"},
        {"--topic", "a", "--topic", "b"}, {"--topic", "a", "--topic=b"}, {"--pressure-period", "1", "--pressure-period-ms", "2"},
        {"--period-ms", "0x10"}, {"--period-ms", "+5"}, {"--period-ms", "ten"}, {"--max-held-files", "99999999999"},
        {"--self-metrics", "yes"}, {"--topic", "--proc-root"}, {"--topic", "-x"}}) {
      assertNull(RunOptions.parse(args, env), String.join(" ", args));
    }
    assertNull(RunOptions.parse(new String[0], Map.of("FGM_PERIOD_MS", "soon")), "a bad number from the environment");
  }
}
