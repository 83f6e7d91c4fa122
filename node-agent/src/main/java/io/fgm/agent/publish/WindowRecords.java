package io.fgm.agent.publish;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * The records of the open delivery window, kept until its flush says which were delivered (those that were not go
 * to the spill). A window lives up to 5 s, across young collections, so how it is kept matters: ~500 separate
 * encoder arrays (~1 KB each at 100 containers) were copied to the survivor space and promoted at each young
 * collection, and then cost old-generation collections (the VM thread at ~0.1 % of a core instead of ~0.02 %);
 * one plain arena fixed that but held ~0.5 MB of heap for the whole life of the agent (README "Publishing every
 * 5 s"). So the values are copied into a small staging buffer and compressed with lz4 (the codec the producer
 * already loads) in chunks of up to {@value #CHUNK} bytes into one reused arena: ~7x smaller, since the metric
 * names repeat from record to record. Decompressed only for the spill, i.e. when a window failed. Not thread-safe:
 * the sender thread only.
 */
final class WindowRecords {
  static final int CHUNK = 16 * 1024;
  private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
  private final LZ4Compressor compressor = LZ4.fastCompressor();
  private final LZ4FastDecompressor decompressor = LZ4.fastDecompressor();

  // per record
  private String[] keys = new String[256];
  private int[] lengths = new int[256];
  private int size;
  // the records not yet compressed: [stagedFrom, size)
  private final byte[] staging = new byte[CHUNK];
  private int stagedBytes;
  private int stagedFrom;
  // compressed chunks: chunk c holds records [chunkFirst[c], chunkFirst[c + 1]), rawLength bytes, at arena offset
  private byte[] arena = new byte[16 * 1024];
  private int arenaBytes;
  private int[] chunkOffset = new int[16];
  private int[] chunkRaw = new int[16];
  private int[] chunkFirst = new int[17];
  private int chunks;

  void add(SpillQueue.Entry e) {
    byte[] v = e.value();
    if (stagedBytes + v.length > CHUNK) {
      seal();
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      lengths = Arrays.copyOf(lengths, size * 2);
    }
    keys[size] = e.key();
    lengths[size] = v.length;
    size++;
    if (v.length > CHUNK) { // larger than a chunk (not at today's sizes): a chunk of its own
      compress(v, v.length);
      return;
    }
    System.arraycopy(v, 0, staging, stagedBytes, v.length);
    stagedBytes += v.length;
  }

  private void seal() {
    if (stagedBytes > 0) {
      compress(staging, stagedBytes);
    }
  }

  /** Appends {@code raw[0, len)}, the records [stagedFrom, size), as one compressed chunk. */
  private void compress(byte[] raw, int len) {
    int max = compressor.maxCompressedLength(len);
    if (arenaBytes + max > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaBytes + max));
    }
    if (chunks == chunkOffset.length) {
      chunkOffset = Arrays.copyOf(chunkOffset, chunks * 2);
      chunkRaw = Arrays.copyOf(chunkRaw, chunks * 2);
      chunkFirst = Arrays.copyOf(chunkFirst, chunks * 2 + 1);
    }
    chunkOffset[chunks] = arenaBytes;
    chunkRaw[chunks] = len;
    chunkFirst[chunks] = stagedFrom;
    arenaBytes += compressor.compress(raw, 0, len, arena, arenaBytes, max);
    chunks++;
    chunkFirst[chunks] = size;
    stagedFrom = size;
    stagedBytes = 0;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The records from index {@code from} on, as entries for the spill (decompressed copies). */
  List<SpillQueue.Entry> entriesFrom(int from) {
    seal();
    List<SpillQueue.Entry> out = new ArrayList<>(Math.max(0, size - from));
    for (int c = 0; c < chunks; c++) {
      if (chunkFirst[c + 1] <= from) {
        continue;
      }
      byte[] raw = new byte[chunkRaw[c]];
      decompressor.decompress(arena, chunkOffset[c], raw, 0, raw.length);
      int at = 0;
      for (int i = chunkFirst[c]; i < chunkFirst[c + 1]; i++) {
        if (i >= from) {
          out.add(new SpillQueue.Entry(keys[i], Arrays.copyOfRange(raw, at, at + lengths[i])));
        }
        at += lengths[i];
      }
    }
    return out;
  }

  void clear() {
    Arrays.fill(keys, 0, size, null);
    size = 0;
    stagedBytes = 0;
    stagedFrom = 0;
    arenaBytes = 0;
    chunks = 0;
    chunkFirst[0] = 0;
  }
}
