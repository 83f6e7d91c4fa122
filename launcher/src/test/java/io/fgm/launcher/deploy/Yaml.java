package io.fgm.launcher.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reading the deployment files: the repository root, YAML documents as plain maps and lists (SnakeYAML's safe
 * constructor: no custom types), and null-tolerant navigation, so a rule reads a missing field as empty rather
 * than failing with a NullPointerException.
 */
final class Yaml {
  private Yaml() {}

  /** The YAML documents of one file, in order; empty documents are left out. */
  record YamlFile(Path path, List<Object> documents) {}

  /** The repository root: the nearest ancestor of the working directory that holds deploy/ and a pom.xml. */
  static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no ancestor of " + Path.of("").toAbsolutePath() + " holds deploy/ and pom.xml");
  }

  static List<Object> parse(String text) {
    org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
    List<Object> docs = new ArrayList<>();
    for (Object doc : yaml.loadAll(text)) {
      if (doc != null) {
        docs.add(doc);
      }
    }
    return docs;
  }

  static YamlFile load(Path file) {
    try {
      return new YamlFile(file, parse(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Every *.yaml and *.yml file under {@code dir}, sorted by path. */
  static List<Path> yamlFilesUnder(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Collections.emptyMap();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : Collections.emptyList();
  }

  /** The value at a path of map keys, or null. */
  static Object at(Object root, String... keys) {
    Object o = root;
    for (String k : keys) {
      o = map(o).get(k);
    }
    return o;
  }

  static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  /** Strings of a YAML list; a scalar counts as a one-element list. */
  static List<String> strings(Object o) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?>)) {
      return List.of(String.valueOf(o));
    }
    return list(o).stream().map(String::valueOf).toList();
  }

  /** "kind/name" of a Kubernetes object, for messages. */
  static String id(Map<String, Object> resource) {
    return resource.get("kind") + "/" + at(resource, "metadata", "name");
  }
}
