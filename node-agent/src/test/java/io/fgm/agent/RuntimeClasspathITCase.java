package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent runs from unpacked classes (an open jar keeps its central directory on the heap): after the package
 * phase, target/classpath.txt, which ./fgm and the benchmarks read, names directories only, and they hold what
 * the agent loads, the Kafka producer, the lz4 codec and the logging provider's service file included.
 */
class RuntimeClasspathITCase {
  @Test
  void theClasspathFileNamesUnpackedDirectoriesThatHoldTheAgentsDependencies() throws IOException {
    List<String> entries = List.of(Files.readString(Paths.get("target/classpath.txt")).trim().split(":"));
    assertFalse(entries.isEmpty());
    for (String e : entries) {
      assertFalse(e.endsWith(".jar"), "a jar on the agent's classpath: " + e);
      assertTrue(Files.isDirectory(Paths.get(e)), "not a directory: " + e);
    }
    for (String needed : List.of("org/apache/kafka/clients/producer/KafkaProducer.class",
        "net/jpountz/lz4/LZ4Factory.class", "io/fgm/schema/ContainerSample.class",
        "META-INF/services/org.slf4j.spi.SLF4JServiceProvider")) {
      assertTrue(entries.stream().anyMatch(e -> Files.exists(Path.of(e, needed))), "missing " + needed);
    }
  }
}
