package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the containers under a {@link CgroupLayout} by walking its hierarchies and asking
 * {@link CgroupPathClassifier} about every directory. Meant to run every second, so it is frugal: control files
 * are recognised by name and never stat()ed, and a pod's container directories are not listed.
 *
 * <p>Cgroups that vanish during the walk are skipped silently: containers come and go all the time.
 */
public final class CgroupDiscovery {
  /** Prefixes of kernel control files ("memory.stat"); such names are files, never child cgroups. */
  private static final Set<String> CONTROL_PREFIXES =
      Set.of("cgroup", "cpu", "cpuacct", "cpuset", "memory", "io", "pids", "blkio", "hugetlb", "rdma", "misc",
          "devices", "freezer", "net_cls", "net_prio", "perf_event", "irq");

  private static final Set<String> CONTROL_FILES = Set.of("tasks", "notify_on_release", "release_agent");

  private final CgroupLayout layout;

  public CgroupDiscovery(CgroupLayout layout) {
    this.layout = layout;
  }

  /** One pass: the containers found now, keyed by relative path (no leading '/'), in walk order. */
  public Map<String, ContainerRef> discover() {
    Map<String, ContainerRef> found = new LinkedHashMap<>();
    for (Path root : layout.discoveryRoots()) {
      walk(root, "", found);
    }
    return found;
  }

  private void walk(Path dir, String rel, Map<String, ContainerRef> found) {
    List<String> children = childCgroups(dir);
    for (String name : children) {
      String childRel = rel.isEmpty() ? name : rel + "/" + name;
      if (found.containsKey(childRel)) {
        continue; // already seen in another v1 hierarchy
      }
      CgroupPathClassifier.Result r = CgroupPathClassifier.classify(childRel);
      switch (r.kind()) {
        case CONTAINER -> found.put(childRel, r.ref());
        case KUBE_STRUCTURE, POD -> walk(dir.resolve(name), childRel, found);
        case OTHER -> {
          Path child = dir.resolve(name);
          if (childCgroups(child).isEmpty()) {
            if (Files.isDirectory(child)) {
              found.put(childRel, CgroupPathClassifier.leafContainer(childRel));
            }
          } else {
            walk(child, childRel, found);
          }
        }
        default -> {
          // conmon scopes and cgroups nested inside containers are not containers
        }
      }
    }
  }

  /** Names of the child cgroups of {@code dir}; empty when it vanished or is not a directory. */
  static List<String> childCgroups(Path dir) {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (isControlFile(name)) {
          continue;
        }
        if (Files.isDirectory(p)) {
          out.add(name);
        }
      }
    } catch (IOException | RuntimeException e) {
      // vanished between listing and reading, or not a directory: nothing below it
    }
    out.sort(null);
    return out;
  }

  static boolean isControlFile(String name) {
    if (CONTROL_FILES.contains(name)) {
      return true;
    }
    int dot = name.indexOf('.');
    return dot > 0 && CONTROL_PREFIXES.contains(name.substring(0, dot));
  }
}
