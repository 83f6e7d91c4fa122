package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link NoJmxMBeanServerBuilder} where it matters: in a JVM of its own started with the flag from
 * jvm.options, the Kafka producer's constructor and close (which register and unregister its app-info MBean) work
 * and log no JMX error, the agent's CPU time still reads, and the platform server holds nothing; the same JVM
 * without the flag holds the JDK's MBeans (so the check can tell the two apart).
 */
class NoJmxMBeanServerBuilderITCase {
  private static final String FLAG = "-Djavax.management.builder.initial=" + NoJmxMBeanServerBuilder.class.getName();

  private static String probe(String... jvmFlags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NoJmxProbeMain.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void withTheFlagTheProducerRunsAndThePlatformServerHoldsNothing() throws Exception {
    String out = probe(FLAG);
    assertTrue(out.contains("server=" + NoJmxMBeanServerBuilder.Empty.class.getName()), out);
    assertTrue(out.contains("mbeans=0"), out);
    assertTrue(out.contains("cpu_positive=true"), out);
    assertTrue(out.contains("closed"), out);
    assertFalse(out.contains("Error registering AppInfo mbean"), out);
    assertFalse(out.contains("Exception"), out);
  }

  @Test
  void withoutTheFlagTheJdkServerHoldsThePlatformBeans() throws Exception {
    String out = probe();
    assertFalse(out.contains("server=" + NoJmxMBeanServerBuilder.Empty.class.getName()), out);
    assertNotEquals(-1, out.indexOf("mbeans="), out);
    int n = Integer.parseInt(out.substring(out.indexOf("mbeans=") + 7).lines().findFirst().orElseThrow().trim());
    assertTrue(n > 10, out);
  }
}
