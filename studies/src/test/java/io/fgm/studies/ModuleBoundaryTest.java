package io.fgm.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Tests that the studies stay pure: no source file imports a framework. (A source scan keeps this
 * module free of an ArchUnit dependency; the same rule can move into a project-wide ArchUnit test.)
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ModuleBoundaryTest {
    private static final List<String> FORBIDDEN = List.of("org.apache.flink", "org.apache.kafka",
            "io.javalin", "com.fasterxml.jackson", "tools.jackson", "org.slf4j", "picocli");

    @Test
    void no_main_source_imports_flink_kafka_javalin_jackson_or_a_logger() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> offences;
        try (Stream<Path> files = Files.walk(root)) {
            offences = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(ModuleBoundaryTest::imports)
                    .filter(line -> FORBIDDEN.stream().anyMatch(line::contains))
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offences);
    }

    private static Stream<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith("import "))
                    .map(line -> file.getFileName() + ": " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
