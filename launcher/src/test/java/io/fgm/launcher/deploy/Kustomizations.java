package io.fgm.launcher.deploy;

import static io.fgm.launcher.deploy.Yaml.list;
import static io.fgm.launcher.deploy.Yaml.map;
import static io.fgm.launcher.deploy.Yaml.str;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows kustomization.yaml files the way kustomize does, without running it: which files a build takes as
 * whole resources, which files it reads as patches or configuration, and which references point at nothing.
 * A directory reference must hold a kustomization.yaml; a Kustomization must put everything in fgm's namespace.
 */
final class Kustomizations {
  private Kustomizations() {}

  static final String FILE = "kustomization.yaml";

  /** What one kustomization builds: the resource files (whole objects), every file it reads, the problems. */
  record Build(List<Path> resourceFiles, Set<Path> referencedFiles, List<String> violations) {}

  static Build follow(Path dir) {
    Build build = new Build(new ArrayList<>(), new LinkedHashSet<>(), new ArrayList<>());
    follow(dir.normalize(), build, new LinkedHashSet<>());
    return build;
  }

  private static void follow(Path dir, Build b, Set<Path> visiting) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      b.violations().add(dir + " is referenced as a kustomization but has no " + FILE);
      return;
    }
    if (!visiting.add(dir)) {
      b.violations().add(dir + " is part of a reference cycle");
      return;
    }
    b.referencedFiles().add(file);
    List<Object> docs = Yaml.load(file).documents();
    Map<String, Object> k = docs.isEmpty() ? Map.of() : map(docs.get(0));
    String kind = str(k.get("kind"));
    if ("Kustomization".equals(kind) && !ResourceRules.NAMESPACE.equals(k.get("namespace"))) {
      b.violations().add(file + " must set namespace: " + ResourceRules.NAMESPACE);
    }
    for (String ref : Yaml.strings(k.get("resources"))) {
      Path p = resolve(file, dir, ref, b);
      if (p == null) {
        continue;
      }
      if (Files.isDirectory(p)) {
        follow(p, b, visiting);
      } else {
        b.resourceFiles().add(p);
        b.referencedFiles().add(p);
      }
    }
    for (String ref : Yaml.strings(k.get("components"))) {
      Path p = resolve(file, dir, ref, b);
      if (p != null) {
        Path componentFile = p.resolve(FILE);
        if (Files.isRegularFile(componentFile)
            && !"Component".equals(map(Yaml.load(componentFile).documents().get(0)).get("kind"))) {
          b.violations().add(file + " lists " + ref + " as a component, but its kind is not Component");
        }
        follow(p, b, visiting);
      }
    }
    List<String> readFiles = new ArrayList<>();
    for (Object patch : list(k.get("patches"))) {
      if (map(patch).get("path") != null) {
        readFiles.add(str(map(patch).get("path")));
      }
    }
    readFiles.addAll(Yaml.strings(k.get("patchesStrategicMerge")));
    for (Object patch : list(k.get("patchesJson6902"))) {
      readFiles.add(str(map(patch).get("path")));
    }
    readFiles.addAll(Yaml.strings(k.get("configurations")));
    for (String generator : List.of("configMapGenerator", "secretGenerator")) {
      for (Object g : list(k.get(generator))) {
        for (String f : Yaml.strings(map(g).get("files"))) {
          readFiles.add(f.contains("=") ? f.substring(f.indexOf('=') + 1) : f);
        }
        readFiles.addAll(Yaml.strings(map(g).get("envs")));
      }
    }
    for (String ref : readFiles) {
      Path p = resolve(file, dir, ref, b);
      if (p != null) {
        if (Files.isRegularFile(p)) {
          b.referencedFiles().add(p);
        } else {
          b.violations().add(file + " reads " + ref + ", which is not a file");
        }
      }
    }
    visiting.remove(dir);
  }

  /** The local path a reference names, or null (with a violation) when it is remote or missing. */
  private static Path resolve(Path file, Path dir, String ref, Build b) {
    if (ref.contains("://") || ref.startsWith("github.com/")) {
      b.violations().add(file + " refers to the remote " + ref + "; fgm's manifests are all in this repository");
      return null;
    }
    Path p = dir.resolve(ref).normalize();
    if (!Files.exists(p)) {
      b.violations().add(file + " lists " + ref + ", which does not exist");
      return null;
    }
    return p;
  }
}
