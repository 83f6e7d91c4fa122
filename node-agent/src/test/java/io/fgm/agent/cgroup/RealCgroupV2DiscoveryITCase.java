package io.fgm.agent.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CgroupDiscovery}'s cgroup.stat gate on this machine's real cgroup v2 hierarchy (/sys/fs/cgroup on a v2
 * host, /sys/fs/cgroup/unified on a hybrid one like the dev machine): the kernel counts a cgroup created with
 * mkdir in the root's nr_descendants at once and uncounts it at rmdir, so an incremental pass sees it come and go.
 * Creates a uniquely named {@code fgm-test-<uuid>} group and removes it, also on failure. Skipped without a
 * writable v2 hierarchy (not root).
 */
class RealCgroupV2DiscoveryITCase {
  private Path root;
  private Path group;

  @BeforeEach
  void requireWritableV2() {
    for (Path p : new Path[] {Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified")}) {
      if (Files.isRegularFile(p.resolve("cgroup.controllers")) && Files.isRegularFile(p.resolve("cgroup.stat"))
          && Files.isWritable(p)) {
        root = p;
        break;
      }
    }
    assumeTrue(root != null, "needs a writable cgroup v2 hierarchy");
    group = root.resolve("fgm-test-" + UUID.randomUUID());
  }

  @AfterEach
  void removeGroup() throws Exception {
    for (int i = 0; group != null && i < 50 && Files.exists(group); i++) {
      try {
        Files.delete(group); // rmdir of an empty cgroup
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
  }

  private long nrDescendants() throws IOException {
    byte[] b = Files.readAllBytes(root.resolve("cgroup.stat"));
    return CgroupStatParser.nrDescendants(b, b.length);
  }

  @Test
  void a_real_cgroup_created_and_removed_is_counted_by_the_kernel_and_seen_by_incremental_passes() throws Exception {
    CgroupDiscovery d = new CgroupDiscovery(CgroupLayout.detect(root));
    String key = group.getFileName().toString();
    assertFalse(d.discover(false).containsKey(key));

    long before = nrDescendants();
    Files.createDirectory(group);
    long after = nrDescendants();
    assertTrue(after != before, "mkdir changed nr_descendants: " + before + " -> " + after);
    assertTrue(d.discover(true).containsKey(key), "the incremental pass walked and found the new cgroup");

    int walks = d.walks();
    long quiet = nrDescendants();
    d.discover(true);
    if (nrDescendants() == quiet) { // no other cgroup came or went on this host meanwhile
      assertEquals(walks, d.walks(), "nothing changed: answered from cgroup.stat");
    }

    Files.delete(group);
    assertTrue(nrDescendants() != after, "rmdir changed nr_descendants");
    assertFalse(d.discover(true).containsKey(key), "the incremental pass saw it go");
    d.close();
  }
}
