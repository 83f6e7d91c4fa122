package io.fgm.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HourDigestTest {
  private static final long H = 3_600_000L;

  @Test
  void merging_hourly_digests_equals_merging_every_file_for_any_range_and_node() {
    Random r = new Random(7);
    List<FileSummary> files = new ArrayList<>();
    for (int i = 0; i < 200; i++) { // files of 1-20 minutes over 5 hours, some across hour boundaries
      long from = r.nextInt(5 * 60) * 60_000L;
      long to = from + (1 + r.nextInt(20)) * 60_000L - 1000;
      Map<String, ContainerInfo> cs = new HashMap<>();
      for (int c = 0; c < 4; c++) {
        String id = "c" + r.nextInt(6);
        String pod = r.nextInt(4) == 0 ? null : "pod-" + id; // names sometimes unknown yet
        cs.put(id, new ContainerInfo(id, null, pod, "ns", null, "Burstable", "node-" + (id.hashCode() % 2),
            List.of(r.nextBoolean() ? "cpu" : "mem"), from + r.nextInt(1000), to));
      }
      files.add(new FileSummary(Path.of("f" + i), 1, 1, 10, cs, true));
    }
    HourDigest digest = HourDigest.of(files);
    Random qr = new Random(8);
    for (int q = 0; q < 400; q++) {
      if (q == 200) {
        qr = new Random(8); // the same ranges again: now answered from the digest's merged spans, same result
      }
      long a = qr.nextInt(6 * 60) * 60_000L + qr.nextInt(60_000);
      long b = a + qr.nextInt(4 * 60) * 60_000L;
      TimeRange range = new TimeRange(a, b);
      String node = qr.nextBoolean() ? null : "node-" + qr.nextInt(2);
      Map<String, ContainerInfo> expected = new HashMap<>();
      for (FileSummary f : files) {
        for (ContainerInfo c : f.containers().values()) {
          if (range.overlaps(c.firstSeenMs(), c.lastSeenMs()) && (node == null || node.equals(c.node()))) {
            expected.merge(c.containerId(), c, ContainerInfo::merge);
          }
        }
      }
      Map<String, ContainerInfo> actual = new HashMap<>();
      digest.collect(range, n -> node == null || node.equals(n), actual);
      assertEquals(expected, actual, range + " node " + node);
    }
  }
}
