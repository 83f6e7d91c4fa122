package io.fgm.agent.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tests for {@link WindowRecords}: what the open window hands to the spill is exactly what was added. */
class WindowRecordsTest {
  @Test
  void the_records_from_the_first_failure_on_come_back_as_added_across_growth_and_reuse() {
    Random rnd = new Random(7);
    WindowRecords w = new WindowRecords();
    for (int round = 0; round < 3; round++) {
      List<SpillQueue.Entry> added = new ArrayList<>();
      int n = 300 + rnd.nextInt(900); // past the initial 256 keys, many chunks and arena growth
      for (int i = 0; i < n; i++) {
        // encoded samples repeat their metric names; now and then one larger than a whole chunk
        byte[] v = new byte[i % 97 == 5 ? WindowRecords.CHUNK + rnd.nextInt(500) : rnd.nextInt(1200)];
        for (int k = 0; k < v.length; k++) {
          v[k] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt() : "memory.stat.anon_bytes".charAt(k % 22));
        }
        SpillQueue.Entry e = new SpillQueue.Entry("node/c" + i, v);
        added.add(new SpillQueue.Entry(e.key(), v.clone()));
        w.add(e);
        java.util.Arrays.fill(v, (byte) 0); // the encoder's array is not kept: changing it changes nothing
      }
      assertEquals(n, w.size());
      int from = rnd.nextInt(n);
      List<SpillQueue.Entry> back = w.entriesFrom(from);
      assertEquals(n - from, back.size());
      for (int i = 0; i < back.size(); i++) {
        assertEquals(added.get(from + i).key(), back.get(i).key());
        assertArrayEquals(added.get(from + i).value(), back.get(i).value(), "record " + (from + i));
      }
      w.clear();
      assertTrue(w.isEmpty());
      assertEquals(List.of(), w.entriesFrom(0));
    }
  }
}
