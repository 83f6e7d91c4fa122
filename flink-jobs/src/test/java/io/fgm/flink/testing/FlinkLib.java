package io.fgm.flink.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a Flink distribution's {@code lib/} and {@code bin/} scripts provide, rebuilt from the Maven artifacts
 * (no flink-dist 2.2 is published to Maven): the classpath of Flink's own modules, their dependencies and log4j,
 * without anything the job jar brings itself, and the JVM options {@code bin/flink} adds on Java 17.
 */
public final class FlinkLib {
  /** What bin/flink adds on Java 17 (env.java.opts.all of Flink's default config.yaml). */
  public static final List<String> JVM_OPTS;

  static {
    List<String> opts = Stream.of("java.lang", "java.net", "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect",
            "java.text", "java.time", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
            "java.util.concurrent.locks")
        .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED")
        .collect(Collectors.toCollection(ArrayList::new));
    opts.add("--add-exports=java.base/sun.net.util=ALL-UNNAMED");
    opts.add("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED");
    opts.add("--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED");
    JVM_OPTS = List.copyOf(opts);
  }

  private FlinkLib() {}

  /** The job jar built by {@code mvn package} in this module. */
  public static Path jobJar() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      return s.filter(p -> p.getFileName().toString().matches("fgm-flink-jobs-.*-job\\.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no job jar in target/: run mvn package"))
          .toAbsolutePath();
    }
  }

  /** The path of the java launcher of the running JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The module's runtime classpath restricted to what flink-dist's lib/ provides (the jar's "provided" part). */
  public static String classpath() throws IOException {
    String cp = Files.readString(Path.of("target/classpath.txt")).trim();
    List<String> inJobJar = List.of("flink-connector-kafka", "flink-parquet", "flink-avro", "flink-s3-fs-hadoop");
    List<String> lib = Arrays.stream(cp.split(File.pathSeparator))
        .filter(e -> {
          String name = Path.of(e).getFileName().toString();
          boolean flink = e.contains("/org/apache/flink/") && inJobJar.stream().noneMatch(name::startsWith);
          return flink || e.contains("/org/slf4j/") || e.contains("/org/apache/logging/log4j/")
              || Stream.of("/com/esotericsoftware/", "/org/objenesis/", "/org/javassist/", "/org/snakeyaml/",
                      "/tools/profiler/", "/commons-cli/", "/commons-collections/", "/commons-io/",
                      "/commons-lang3/", "/commons-text/", "/jsr305/", "/javax/annotation/", "/commons-logging/",
                      // flink-core's own dependencies, in flink-dist as well as in the job jar
                      "/commons-compress/", "/commons-math3/", "/snappy-java/", "/lz4-java/")
                  .anyMatch(e::contains);
        })
        .toList();
    if (lib.isEmpty()) {
      throw new AssertionError("no Flink modules in target/classpath.txt");
    }
    return String.join(File.pathSeparator, lib);
  }
}
