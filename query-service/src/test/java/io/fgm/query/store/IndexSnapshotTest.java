package io.fgm.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.query.ContainerQuery;
import io.fgm.query.QueryConfig;
import io.fgm.query.QueryService;
import io.fgm.query.TimeRange;
import io.fgm.query.fixture.ClusterFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSnapshotTest {
  private static final TimeRange ALL = new TimeRange(ClusterFixture.START, ClusterFixture.END);

  @TempDir Path dir;

  @Test
  void a_restart_from_the_snapshot_summarizes_only_files_that_changed() throws IOException {
    Path store = ClusterFixture.write(dir.resolve("store"));
    QueryConfig config = QueryConfig.builder().storePath(store).indexSnapshot(dir.resolve("index.bin")).build();
    QueryService first = new QueryService(config);
    var expected = first.containers(ContainerQuery.builder(ALL).build());
    assertEquals(5, first.index().summarizedFiles()); // the data files in range (the corrupt one is not counted)
    first.saveIndexSnapshot();

    QueryService second = new QueryService(config);
    second.loadIndexSnapshot();
    assertEquals(expected, second.containers(ContainerQuery.builder(ALL).build()));
    assertEquals(0, second.index().summarizedFiles());

    Path changed = store.resolve("dt=2026-03-02/node=node-a/part-0003.parquet");
    Files.setLastModifiedTime(changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 5000));
    QueryService third = new QueryService(config);
    third.loadIndexSnapshot();
    assertEquals(expected, third.containers(ContainerQuery.builder(ALL).build()));
    assertEquals(1, third.index().summarizedFiles());
  }

  @Test
  void a_missing_or_foreign_snapshot_is_an_empty_index() throws IOException {
    assertEquals(0, IndexSnapshot.load(dir.resolve("none.bin")).size());
    Files.write(dir.resolve("foreign.bin"), new byte[] {0, 0, 0, 9});
    assertEquals(0, IndexSnapshot.load(dir.resolve("foreign.bin")).size());
  }
}
