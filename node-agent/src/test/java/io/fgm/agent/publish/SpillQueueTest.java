package io.fgm.agent.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link SpillQueue}: order, commit, restart, budget and torn writes. */
class SpillQueueTest {
  @TempDir Path dir;

  private static List<SpillQueue.Entry> entries(int from, int n, int size) {
    List<SpillQueue.Entry> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      byte[] v = new byte[size];
      v[0] = (byte) i;
      out.add(new SpillQueue.Entry("node/c" + i, v));
    }
    return out;
  }

  private static List<String> keys(SpillQueue.Peek p) {
    return p.entries().stream().map(SpillQueue.Entry::key).toList();
  }

  @Test
  void records_come_back_in_order_and_commit_removes_them() throws IOException {
    SpillQueue q = new SpillQueue(dir, 1 << 20);
    q.append(entries(0, 5, 10));
    SpillQueue.Peek p = q.peek(3);
    assertEquals(List.of("node/c0", "node/c1", "node/c2"), keys(p));
    assertEquals((byte) 1, p.entries().get(1).value()[0]);
    q.commit(p);
    assertEquals(2, q.size());
    assertEquals(List.of("node/c3", "node/c4"), keys(q.peek(10)));
  }

  @Test
  void a_restart_resumes_after_the_last_commit() throws IOException {
    SpillQueue q = new SpillQueue(dir, 1 << 20);
    q.append(entries(0, 4, 10));
    q.commit(q.peek(2));
    q.close();
    SpillQueue again = new SpillQueue(dir, 1 << 20);
    assertEquals(2, again.size());
    assertEquals(List.of("node/c2", "node/c3"), keys(again.peek(10)));
    again.append(entries(4, 1, 10));
    assertEquals(List.of("node/c2", "node/c3", "node/c4"), keys(again.peek(10)));
  }

  @Test
  void beyond_the_budget_the_oldest_records_are_dropped_and_counted() throws IOException {
    SpillQueue q = new SpillQueue(dir, 1 << 16); // 64 KiB budget, 16 KiB segments
    for (int i = 0; i < 100; i++) {
      q.append(entries(i, 1, 1000));
    }
    assertTrue(q.dropped() > 0);
    assertEquals(100, q.size() + q.dropped());
    assertTrue(q.bytes() <= 1 << 16, "bytes " + q.bytes());
    List<String> left = keys(q.peek(1000));
    assertEquals("node/c99", left.get(left.size() - 1));
    assertEquals("node/c" + q.dropped(), left.get(0), "what is left is the newest, in order");
  }

  @Test
  void draining_across_segments_empties_the_queue_and_its_files() throws IOException {
    SpillQueue q = new SpillQueue(dir, 1 << 20);
    for (int i = 0; i < 50; i++) {
      q.append(entries(i, 1, 2000));
    }
    int seen = 0;
    while (!q.isEmpty()) {
      SpillQueue.Peek p = q.peek(7);
      assertEquals("node/c" + seen, p.entries().get(0).key());
      seen += p.entries().size();
      q.commit(p);
    }
    assertEquals(50, seen);
    assertTrue(q.bytes() <= 0);
    try (var files = Files.list(dir)) {
      assertTrue(files.filter(f -> f.toString().endsWith(".seg")).count() <= 1);
    }
  }

  @Test
  void a_torn_record_at_the_end_is_ignored_after_a_crash() throws IOException {
    SpillQueue q = new SpillQueue(dir, 1 << 20);
    q.append(entries(0, 2, 10));
    q.close();
    Path seg;
    try (var files = Files.list(dir)) {
      seg = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    Files.write(seg, new byte[] {0, 0, 0, 40, 1, 2}, StandardOpenOption.APPEND);
    SpillQueue again = new SpillQueue(dir, 1 << 20);
    SpillQueue.Peek p = again.peek(10);
    assertEquals(List.of("node/c0", "node/c1"), keys(p));
    assertArrayEquals("node/c1".getBytes(StandardCharsets.UTF_8),
        p.entries().get(1).key().getBytes(StandardCharsets.UTF_8));
  }
}
