package io.fgm.testkit.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeCgroupFsTest {
  private static final List<String> V1_WITH_PROCS = List.of("cpu", "cpuacct", "memory", "pids", "blkio");

  @ParameterizedTest
  @EnumSource(FakeCgroupFs.Version.class)
  void setKeepsTheProcessesListedAndChangesTheCounters(FakeCgroupFs.Version version, @TempDir Path dir)
      throws IOException {
    FakeCgroupFs fs = FakeCgroupFs.create(dir, version);
    String c = fs.cgroup("app/one", Usage.of(1_000_000, 64L << 20));
    fs.procs(c, 100, 101);

    fs.set(c, Usage.of(2_000_000, 96L << 20));

    for (Path d : procDirs(fs, version, c)) {
      assertEquals("100\n101\n", Files.readString(d.resolve("cgroup.procs")), d.toString());
      if (version != FakeCgroupFs.Version.V2) {
        assertEquals("100\n101\n", Files.readString(d.resolve("tasks")), d.toString());
      }
    }
    Path memory = version == FakeCgroupFs.Version.V2
        ? fs.dirOf("", c).resolve("memory.current")
        : fs.dirOf("memory", c).resolve("memory.usage_in_bytes");
    assertEquals((96L << 20) + "\n", Files.readString(memory));
  }

  @ParameterizedTest
  @EnumSource(FakeCgroupFs.Version.class)
  void aNewCgroupListsNoProcessesAndProcsReplacesTheList(FakeCgroupFs.Version version, @TempDir Path dir)
      throws IOException {
    FakeCgroupFs fs = FakeCgroupFs.create(dir, version);
    String c = fs.cgroup("app/two", Usage.of(0, 1L << 20));
    for (Path d : procDirs(fs, version, c)) {
      assertEquals("", Files.readString(d.resolve("cgroup.procs")), d.toString());
    }

    fs.procs(c, 7, 8, 9);
    fs.procs(c, 42);
    fs.set(c, Usage.of(5, 2L << 20));

    for (Path d : procDirs(fs, version, c)) {
      assertEquals("42\n", Files.readString(d.resolve("cgroup.procs")), d.toString());
    }
  }

  private static List<Path> procDirs(FakeCgroupFs fs, FakeCgroupFs.Version version, String c) {
    return version == FakeCgroupFs.Version.V2
        ? List.of(fs.dirOf("", c))
        : V1_WITH_PROCS.stream().map(h -> fs.dirOf(h, c)).toList();
  }
}
