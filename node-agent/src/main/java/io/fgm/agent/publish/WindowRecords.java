package io.fgm.agent.publish;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of the open delivery window, kept until its flush says which were delivered (those that were not go
 * to the spill). Values are copied into one reused byte array rather than kept as the encoder's arrays: a window
 * lives up to 5 s, across young collections, and ~500 separate arrays (~1 KB each at 100 containers) would be
 * copied to the survivor space and promoted each time, which then costs old-generation collections (measured:
 * the VM thread at ~0.1 % of a core instead of ~0.02 %, README "Publishing every 5 s"). The arena is promoted once
 * and reused. Not thread-safe: the sender thread only.
 */
final class WindowRecords {
  private String[] keys = new String[256];
  private int[] offsets = new int[257];
  private byte[] data = new byte[64 * 1024];
  private int size;

  void add(SpillQueue.Entry e) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      offsets = Arrays.copyOf(offsets, size * 2 + 1);
    }
    int from = offsets[size];
    byte[] v = e.value();
    if (from + v.length > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, from + v.length));
    }
    System.arraycopy(v, 0, data, from, v.length);
    keys[size] = e.key();
    offsets[++size] = from + v.length;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The records from index {@code from} on, as entries for the spill (copies: the arena is reused). */
  List<SpillQueue.Entry> entriesFrom(int from) {
    List<SpillQueue.Entry> out = new ArrayList<>(Math.max(0, size - from));
    for (int i = from; i < size; i++) {
      out.add(new SpillQueue.Entry(keys[i], Arrays.copyOfRange(data, offsets[i], offsets[i + 1])));
    }
    return out;
  }

  void clear() {
    Arrays.fill(keys, 0, size, null);
    size = 0;
  }
}
