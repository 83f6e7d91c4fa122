package io.fgm.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fgm.query.PodLabels;
import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.fixture.PodFixture;
import io.fgm.query.tail.PodDirectory;
import io.fgm.schema.PodMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link PodTier} and how {@link PodLabels} merges it with the live pods topic. */
class PodTierTest {
  static final long SECOND = 1_000_000_000L;
  @TempDir Path store;
  final AtomicLong nanos = new AtomicLong();

  PodTier tier(int maxPods) {
    return new PodTier(LocalStoreFs.INSTANCE, store.resolve("pods"), SECOND, nanos::get,
        () -> LocalDate.parse("2026-03-02"), null, maxPods);
  }

  @Test
  void the_latest_version_of_each_pod_wins_across_files_and_days_and_noise_is_skipped() {
    PodFixture.write(store);
    PodTier tier = tier(100);
    tier.refresh();
    assertEquals(PodFixture.DB_LATEST.labels(), tier.get(ClusterFixture.DB.podUid()).labels());
    assertEquals(PodFixture.DB_LATEST.updatedMs(), tier.get(ClusterFixture.DB.podUid()).updatedMs());
    assertEquals(PodFixture.WEB_STORED.labels(), tier.get(ClusterFixture.WEB.podUid()).labels()); // not the .part
    assertEquals(PodFixture.OLD_POD.labels(), tier.get(ClusterFixture.OLD_ONE.podUid()).labels());
    assertNull(tier.get(ClusterFixture.GHOST.podUid()));
    assertNull(tier.get(ClusterFixture.BATCH.podUid()));
    assertEquals(3, tier.size());
    assertEquals(3, tier.filesRead());
    assertEquals(1, tier.unreadableFiles());
  }

  @Test
  void files_are_read_once_and_new_ones_after_the_relist_interval() {
    PodFixture.write(store);
    PodTier tier = tier(100);
    tier.refresh();
    PodMetadata batch = PodFixture.pod(ClusterFixture.BATCH, Map.of("app", "report"), ClusterFixture.T0);
    PodFixture.write(store.resolve("pods/dt=2026-03-02"), "part-0005.parquet", List.of(batch));
    tier.refresh();
    assertNull(tier.get(ClusterFixture.BATCH.podUid()), "listed again before the interval");
    nanos.addAndGet(SECOND);
    tier.refresh();
    assertEquals(Map.of("app", "report"), tier.get(ClusterFixture.BATCH.podUid()).labels());
    assertEquals(4, tier.filesRead()); // the three earlier files were not read again
    assertEquals(1, tier.unreadableFiles()); // nor the corrupt one
    nanos.addAndGet(SECOND);
    tier.refresh();
    assertEquals(4, tier.filesRead());
  }

  @Test
  void an_older_version_in_a_new_file_does_not_replace_a_newer_one() throws Exception {
    PodFixture.write(store);
    PodTier tier = tier(100);
    tier.refresh();
    PodFixture.write(store.resolve("pods/dt=2026-03-02"), "part-0006.parquet", List.of(PodFixture.DB_EARLY));
    Files.delete(store.resolve("pods/dt=2026-03-01/part-0001.parquet")); // compacted away: its versions stay
    nanos.addAndGet(SECOND);
    tier.refresh();
    assertEquals(PodFixture.DB_LATEST.labels(), tier.get(ClusterFixture.DB.podUid()).labels());
    assertEquals(4, tier.filesRead());
  }

  @Test
  void past_the_bound_the_least_recently_updated_pods_go() {
    List<PodMetadata> many = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(new PodMetadata("uid-" + i, "p-" + i, "ns", null, null, Map.of("app", "a"), Map.of(), 1000 + i));
    }
    PodFixture.write(store.resolve("pods/dt=2026-03-02"), "part-0001.parquet", many);
    PodTier tier = tier(10);
    tier.refresh();
    assertEquals(9, tier.size());
    assertNull(tier.get("uid-10"));
    assertEquals(1019, tier.get("uid-19").updatedMs());
    assertSame(tier.get("uid-18").labels(), tier.get("uid-19").labels()); // one map per distinct label set
  }

  @Test
  void a_missing_tier_is_empty() {
    PodTier tier = tier(10);
    tier.refresh();
    assertEquals(0, tier.size());
  }

  @Test
  void the_newer_of_the_live_and_the_stored_version_gives_the_labels() {
    PodFixture.write(store);
    PodTier tier = tier(100);
    PodDirectory live = new PodDirectory(100);
    PodLabels labels = new PodLabels(live, tier);
    labels.refresh();
    String web = ClusterFixture.WEB.podUid();
    String db = ClusterFixture.DB.podUid();
    live.put(PodFixture.pod(ClusterFixture.WEB, Map.of("app", "web"), PodFixture.WEB_STORED.updatedMs() + 1));
    live.put(PodFixture.pod(ClusterFixture.DB, Map.of("app", "stale"), PodFixture.DB_LATEST.updatedMs() - 1));
    assertEquals(Map.of("app", "web"), labels.of(web)); // live and newer
    assertEquals(PodFixture.DB_LATEST.labels(), labels.of(db)); // stored and newer
    live.remove(web); // a tombstone: the pod was deleted, the stored version remains
    assertEquals(PodFixture.WEB_STORED.labels(), labels.of(web));
    live.put(PodFixture.pod(ClusterFixture.BATCH, Map.of("app", "report"), 1)); // live only
    assertEquals(Map.of("app", "report"), labels.of(ClusterFixture.BATCH.podUid()));
    assertEquals(Map.of(), labels.of("uid-nobody"));
    assertEquals(Map.of(), labels.of(null));
    assertEquals(PodFixture.OLD_POD.labels(), new PodLabels(null, tier).of(ClusterFixture.OLD_ONE.podUid()));
  }
}
