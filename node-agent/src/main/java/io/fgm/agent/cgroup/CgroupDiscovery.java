package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the containers under a {@link CgroupLayout} by walking its hierarchies and asking
 * {@link CgroupPathClassifier} about every directory. It runs every second, so it remembers what it saw:
 *
 * <ul>
 *   <li>Each directory's classification is computed once (no regex per directory per pass).
 *   <li>An <b>incremental</b> pass ({@link #discover(boolean) discover(true)}) re-lists a directory only when its
 *       link count changed. On cgroupfs (kernfs), as on tmpfs and ext4, a directory's {@code st_nlink} is 2 plus
 *       its number of subdirectories, so a cgroup created or removed below it changes it; one {@code stat} (~3 µs)
 *       replaces a listing of ~30–60 control files (~20–60 µs and a String per entry). A directory with link
 *       count 2 has no child cgroups and is not listed at all. What the link count cannot see is one child
 *       removed and another created between two passes; the caller covers that with a full pass when a held
 *       file of a container fails (its cgroup is gone) and on a slow period.
 *   <li>A <b>full</b> pass ({@link #discover(boolean) discover(false)}) lists every directory it walks.
 *   <li>On cgroup v2 an incremental pass first reads the root's {@code cgroup.stat} (one positioned read of a held
 *       descriptor): its {@code nr_descendants} counts every live cgroup in the tree and changes with every mkdir
 *       and rmdir below the root, so while it is unchanged the tree has not changed shape and the last result is
 *       returned without a single {@code stat} (at 100 containers ~55 of them, at 500 ~255). It has the link
 *       count's blind spot on a larger scale (one cgroup removed and another created anywhere between two passes);
 *       the same two things cover it: a removed container's held files fail, which makes the sampler run a full
 *       pass at once, and full passes run on a period anyway. v1 hierarchies have no {@code cgroup.stat}: there,
 *       and whenever the file cannot be read or parsed, every pass walks.
 * </ul>
 *
 * <p>Control files are recognised by name and never stat()ed, and a container's directory is never listed (it is
 * read hierarchically). Cgroups that vanish during the walk are skipped silently: containers come and go all the
 * time. File systems that report a link count below 2 for directories (btrfs) are always listed. Not
 * thread-safe: one sampling thread.
 */
public final class CgroupDiscovery {
  /** Prefixes of kernel control files ("memory.stat"); such names are files, never child cgroups. */
  private static final Set<String> CONTROL_PREFIXES =
      Set.of("cgroup", "cpu", "cpuacct", "cpuset", "memory", "io", "pids", "blkio", "hugetlb", "rdma", "misc",
          "devices", "freezer", "net_cls", "net_prio", "perf_event", "irq");

  private static final String[] CONTROL_PREFIX_LIST = CONTROL_PREFIXES.toArray(new String[0]);
  private static final Set<String> CONTROL_FILES = Set.of("tasks", "notify_on_release", "release_agent");
  private static final Dir[] NONE = new Dir[0];
  /** {@link #linkCount} when the file system cannot tell: list every time. */
  private static final int UNKNOWN = -2;
  private static final int VANISHED = -1;

  /** A directory seen by discovery, with what it was at its last listing. */
  private static final class Dir {
    final Path path;
    final String name;
    final String rel;
    final CgroupPathClassifier.Result kind;
    ContainerRef leafRef;
    int nlink = UNKNOWN;
    Dir[] children;

    Dir(Path path, String name, String rel) {
      this.path = path;
      this.name = name;
      this.rel = rel;
      this.kind = rel.isEmpty() ? null : CgroupPathClassifier.classify(rel);
    }
  }

  private final List<Dir> roots = new ArrayList<>();
  /** Each root's cgroup.stat, held open (v2); missing on v1, where the gate is off. */
  private final List<HeldFile> rootStats = new ArrayList<>();
  private final ReadBuffer statBuf = new ReadBuffer(4096);
  private int listings;
  private int walks;
  /** The sum of the roots' nr_descendants read before the last walk, -1 when unknown. */
  private long lastDescendants = -1;
  private Map<String, ContainerRef> lastFound;

  public CgroupDiscovery(CgroupLayout layout) {
    FdBudget budget = new FdBudget(layout.discoveryRoots().size());
    for (Path p : layout.discoveryRoots()) {
      roots.add(new Dir(p, "", ""));
      rootStats.add(new HeldFile(p.resolve("cgroup.stat"), budget));
    }
  }

  /** A full pass: the containers found now, keyed by relative path (no leading '/'), in walk order. */
  public Map<String, ContainerRef> discover() {
    return discover(false);
  }

  /**
   * One pass; {@code incremental} re-lists only directories whose link count changed since their last listing
   * (see the class comment for what that can miss).
   */
  public Map<String, ContainerRef> discover(boolean incremental) {
    long descendants = descendants(); // read before the walk: a change during the walk shows at the next pass
    if (incremental && descendants >= 0 && descendants == lastDescendants && lastFound != null) {
      return lastFound;
    }
    walks++;
    Map<String, ContainerRef> found = new LinkedHashMap<>();
    for (Dir root : roots) {
      walk(root, found, incremental);
    }
    lastDescendants = descendants;
    lastFound = Collections.unmodifiableMap(found);
    return lastFound;
  }

  /** Directory listings done so far (for tests of the incremental pass). */
  public int listings() {
    return listings;
  }

  /** Walks of the tree done so far, full or incremental (passes answered from cgroup.stat do none). */
  public int walks() {
    return walks;
  }

  /** The sum of the roots' nr_descendants, or -1 when a root has no readable cgroup.stat (v1, old kernels). */
  private long descendants() {
    long sum = 0;
    for (HeldFile f : rootStats) {
      int n = f.read(statBuf);
      long v = n == ReadBuffer.MISSING ? -1 : CgroupStatParser.nrDescendants(statBuf.bytes(), n);
      if (v < 0) {
        return -1;
      }
      sum += v;
    }
    return sum;
  }

  /** Closes the held cgroup.stat descriptors. */
  public void close() {
    rootStats.forEach(HeldFile::close);
  }

  private void walk(Dir dir, Map<String, ContainerRef> found, boolean incremental) {
    for (Dir child : children(dir, incremental)) {
      if (found.containsKey(child.rel)) {
        continue; // already seen in another v1 hierarchy
      }
      switch (child.kind.kind()) {
        case CONTAINER -> found.put(child.rel, child.kind.ref());
        case KUBE_STRUCTURE, POD -> walk(child, found, incremental);
        case OTHER -> {
          Dir[] grandChildren = children(child, incremental);
          if (grandChildren.length > 0) {
            walk(child, found, incremental);
          } else if (child.nlink != VANISHED) {
            if (child.leafRef == null) {
              child.leafRef = CgroupPathClassifier.leafContainer(child.rel);
            }
            found.put(child.rel, child.leafRef);
          }
        }
        default -> {
          // conmon scopes and cgroups nested inside containers are not containers
        }
      }
    }
  }

  /** The child cgroups of {@code dir}: from its last listing while its link count is unchanged, else listed. */
  private Dir[] children(Dir dir, boolean incremental) {
    int nlink = linkCount(dir.path);
    if (nlink == VANISHED) {
      dir.nlink = VANISHED;
      dir.children = null;
      return NONE;
    }
    if (nlink == 2) {
      dir.nlink = 2; // "." and the entry in its parent: no subdirectory, nothing to list
      dir.children = NONE;
      return NONE;
    }
    if (incremental && dir.children != null && nlink > 2 && nlink == dir.nlink) {
      return dir.children;
    }
    String[] names = dir.path.toFile().list(); // bare names: no Path object per control file
    listings++;
    if (names == null) {
      dir.nlink = VANISHED;
      dir.children = null;
      return NONE; // vanished between the stat and the listing, or not a directory
    }
    Map<String, Dir> before = new HashMap<>();
    if (dir.children != null) {
      for (Dir d : dir.children) {
        before.put(d.name, d);
      }
    }
    List<Dir> out = new ArrayList<>(4);
    for (String name : names) {
      if (isControlFile(name)) {
        continue;
      }
      Dir known = before.get(name);
      if (known != null) {
        out.add(known); // a cgroup name is a directory for its whole life: no stat, classification kept
      } else {
        Path p = dir.path.resolve(name);
        if (Files.isDirectory(p)) {
          out.add(new Dir(p, name, dir.rel.isEmpty() ? name : dir.rel + "/" + name));
        }
      }
    }
    Dir[] sorted = out.toArray(NONE);
    Arrays.sort(sorted, (a, b) -> a.name.compareTo(b.name));
    dir.nlink = nlink;
    dir.children = sorted;
    return sorted;
  }

  /** st_nlink of a directory, {@link #VANISHED} when it is gone, {@link #UNKNOWN} when the fs cannot say. */
  private static int linkCount(Path dir) {
    try {
      int n = (Integer) Files.getAttribute(dir, "unix:nlink");
      return n >= 2 ? n : UNKNOWN; // btrfs and some network file systems report 1 for every directory
    } catch (NoSuchFileException e) {
      return VANISHED;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return UNKNOWN;
    }
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
