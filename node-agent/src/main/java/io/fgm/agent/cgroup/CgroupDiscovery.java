package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
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

  private static final String[] CONTROL_PREFIX_LIST = CONTROL_PREFIXES.toArray(new String[0]);

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
    // File.list gives bare names: no Path object per entry, which matters at ~60 entries per cgroup every second
    String[] names = dir.toFile().list();
    if (names == null) {
      return List.of(); // vanished between listing and reading, or not a directory
    }
    List<String> out = new ArrayList<>(4);
    for (String name : names) {
      if (!isControlFile(name) && Files.isDirectory(dir.resolve(name))) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }

  static boolean isControlFile(String name) {
    if (CONTROL_FILES.contains(name)) {
      return true;
    }
    int dot = name.indexOf('.');
    if (dot <= 0 || dot > 10) {
      return false;
    }
    for (String prefix : CONTROL_PREFIX_LIST) {
      if (prefix.length() == dot && name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
