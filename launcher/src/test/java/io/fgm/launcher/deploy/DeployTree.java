package io.fgm.launcher.deploy;

import static io.fgm.launcher.deploy.Yaml.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deployment files of the repository as the tests see them: the kustomization roots (base, each overlay and
 * each component) with the objects each builds, the compose file, the Dockerfiles, and the versions the parent
 * pom pins, which the images must match.
 */
final class DeployTree {
  final Path root;
  final Path deploy;
  /** Kustomization directory (relative to deploy/) to what it builds. */
  final Map<String, Kustomizations.Build> builds = new LinkedHashMap<>();

  DeployTree(Path root) {
    this.root = root;
    this.deploy = root.resolve("deploy");
    for (Path k : Yaml.yamlFilesUnder(deploy)) {
      if (k.getFileName().toString().equals(Kustomizations.FILE)) {
        builds.put(deploy.relativize(k.getParent()).toString(), Kustomizations.follow(k.getParent()));
      }
    }
  }

  /** A labelled object: where it came from ("file#document") and its content. */
  record Resource(String where, Map<String, Object> content) {}

  /** The whole objects one kustomization builds (patches not applied). */
  List<Resource> resources(String kustomization) {
    Kustomizations.Build b = builds.get(kustomization);
    if (b == null) {
      throw new IllegalArgumentException("no kustomization " + kustomization + " in " + builds.keySet());
    }
    List<Resource> out = new ArrayList<>();
    for (Path file : b.resourceFiles()) {
      List<Object> docs = Yaml.load(file).documents();
      for (int i = 0; i < docs.size(); i++) {
        out.add(new Resource(root.relativize(file) + "#" + (i + 1), map(docs.get(i))));
      }
    }
    return out;
  }

  /** The one object of a kind and name in a build. */
  Map<String, Object> resource(String kustomization, String kind, String name) {
    return resources(kustomization).stream()
        .map(Resource::content)
        .filter(r -> kind.equals(r.get("kind")) && name.equals(Yaml.at(r, "metadata", "name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kustomization + " builds no " + kind + "/" + name));
  }

  Map<String, Object> compose() {
    return map(Yaml.load(root.resolve("docker-compose.yml")).documents().get(0));
  }

  List<Path> dockerfiles() {
    try (Stream<Path> s = Files.list(deploy.resolve("docker"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".Dockerfile")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A property of the parent pom, e.g. "flink.version". */
  String pomProperty(String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
        .matcher(read(root.resolve("pom.xml")));
    if (!m.find()) {
      throw new AssertionError("the parent pom has no property " + name);
    }
    return m.group(1).trim();
  }

  /** The project version: the version of fgm-parent. */
  String projectVersion() {
    Matcher m = Pattern.compile("<artifactId>fgm-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(read(root.resolve("pom.xml")));
    if (!m.find()) {
      throw new AssertionError("the parent pom has no fgm-parent version");
    }
    return m.group(1).trim();
  }
}
