package io.fgm.agent.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A bounded FIFO of (key, value) records on disk, for samples that could not be delivered. Records are appended to
 * segment files ({@code <seq>.seg}); when the queue exceeds its byte budget the oldest segment is deleted and its
 * records counted as dropped. Reading is a peek of the oldest records followed by {@link #commit}, which persists
 * the read position ({@code head} file, atomically replaced) so that a restarted agent resumes where it left off.
 *
 * <p>Record format: {@code int length, int crc32, short keyLength, key, value}. A torn record at the end of a
 * segment (a crash mid-append) ends that segment's readable part. Appends are not fsync'ed: a node crash may lose
 * the last seconds of spill, which costs less than an fsync per second. Thread-safe.
 */
public final class SpillQueue {
  /** One spilled record. */
  public record Entry(String key, byte[] value) {}

  /** A batch read from the head, and the position {@link #commit} moves to once it is delivered. */
  public record Peek(List<Entry> entries, long segment, long offset) {}

  private static final int HEADER = 4 + 4 + 2;
  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final Deque<Long> segments = new ArrayDeque<>();
  private long headOffset;
  private long totalBytes;
  private long records;
  private long dropped;
  private FileChannel tail;
  private long tailSeq;

  public SpillQueue(Path dir, long maxBytes) throws IOException {
    if (maxBytes < 1 << 16) {
      throw new IllegalArgumentException("spill budget must be at least 64 KiB, was " + maxBytes);
    }
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = Math.max(1 << 14, Math.min(8L << 20, maxBytes / 8));
    Files.createDirectories(dir);
    recover();
  }

  /** Appends records in order; drops the oldest segments beyond the budget. Returns records dropped now. */
  public synchronized long append(List<Entry> entries) throws IOException {
    for (Entry e : entries) {
      byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
      int len = HEADER + key.length + e.value().length;
      if (tail == null || tail.size() + len > segmentBytes) {
        roll();
      }
      ByteBuffer b = ByteBuffer.allocate(len);
      b.putInt(len).putInt(0).putShort((short) key.length).put(key).put(e.value());
      CRC32 crc = new CRC32();
      crc.update(b.array(), 8, len - 8);
      b.putInt(4, (int) crc.getValue());
      b.flip();
      while (b.hasRemaining()) {
        tail.write(b);
      }
      totalBytes += len;
      records++;
    }
    return enforceBudget();
  }

  /** Up to {@code max} records from the head, without removing them. */
  public synchronized Peek peek(int max) throws IOException {
    List<Entry> out = new ArrayList<>();
    long seg = segments.isEmpty() ? -1 : segments.peekFirst();
    long off = headOffset;
    for (Long s : segments) {
      if (s != seg) {
        seg = s;
        off = 0;
      }
      try (FileChannel ch = FileChannel.open(file(s), StandardOpenOption.READ)) {
        long size = ch.size();
        while (out.size() < max && off + HEADER <= size) {
          ByteBuffer h = ByteBuffer.allocate(HEADER);
          ch.read(h, off);
          h.flip();
          int len = h.getInt();
          int crc = h.getInt();
          int keyLen = h.getShort() & 0xffff;
          if (len < HEADER + keyLen || off + len > size) {
            off = size; // torn tail: nothing readable after it in this segment
            break;
          }
          ByteBuffer body = ByteBuffer.allocate(len - 8);
          ch.read(body, off + 8);
          CRC32 c = new CRC32();
          c.update(body.array(), 0, len - 8);
          if ((int) c.getValue() != crc) {
            off = size;
            break;
          }
          String key = new String(body.array(), 2, keyLen, StandardCharsets.UTF_8);
          byte[] value = new byte[len - HEADER - keyLen];
          System.arraycopy(body.array(), 2 + keyLen, value, 0, value.length);
          out.add(new Entry(key, value));
          off += len;
        }
      }
      if (out.size() >= max) {
        break;
      }
    }
    return new Peek(out, seg, off);
  }

  /** Removes everything up to a peek's end position (the records were delivered) and persists the position. */
  public synchronized void commit(Peek p) throws IOException {
    if (p.entries().isEmpty() || p.segment() < 0) {
      return;
    }
    while (!segments.isEmpty() && segments.peekFirst() < p.segment()) {
      deleteSegment(segments.pollFirst(), headOffset);
      headOffset = 0;
    }
    records = Math.max(0, records - p.entries().size());
    if (!segments.isEmpty() && segments.peekFirst() == p.segment()) {
      long segSize = Files.size(file(p.segment()));
      if (p.offset() >= segSize && p.segment() != tailSeq) {
        deleteSegment(segments.pollFirst(), headOffset);
        headOffset = 0;
      } else {
        totalBytes -= Math.max(0, p.offset() - headOffset);
        headOffset = p.offset();
      }
    }
    if (records == 0 && segments.size() <= 1) {
      totalBytes = 0;
    }
    writeHead();
  }

  public synchronized boolean isEmpty() {
    return records == 0;
  }

  /** Records waiting. */
  public synchronized long size() {
    return records;
  }

  /** Bytes on disk (approximately: a partly read head segment counts its unread part). */
  public synchronized long bytes() {
    return totalBytes;
  }

  /** Records dropped since start because the budget was exceeded. */
  public synchronized long dropped() {
    return dropped;
  }

  public synchronized void close() throws IOException {
    if (tail != null) {
      tail.close();
      tail = null;
    }
  }

  private long enforceBudget() throws IOException {
    long droppedNow = 0;
    while (totalBytes > maxBytes && segments.size() > 1) {
      long seg = segments.pollFirst();
      long n = countRecords(seg, headOffset);
      droppedNow += n;
      records -= n;
      deleteSegment(seg, headOffset);
      headOffset = 0;
      writeHead();
    }
    dropped += droppedNow;
    return droppedNow;
  }

  private void roll() throws IOException {
    if (tail != null) {
      tail.close();
    }
    tailSeq = segments.isEmpty() ? Math.max(tailSeq + 1, 1) : segments.peekLast() + 1;
    segments.addLast(tailSeq);
    tail = FileChannel.open(file(tailSeq), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  /** Deletes a segment whose first {@code alreadyRead} bytes were already taken off the byte count. */
  private void deleteSegment(long seg, long alreadyRead) throws IOException {
    Path f = file(seg);
    if (Files.exists(f)) {
      totalBytes -= Files.size(f) - alreadyRead;
    }
    if (seg == tailSeq && tail != null) {
      tail.close();
      tail = null;
    }
    Files.deleteIfExists(f);
    totalBytes = Math.max(0, totalBytes);
  }

  private void recover() throws IOException {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        try {
          found.add(Long.parseLong(n.substring(0, n.length() - 4)));
        } catch (NumberFormatException e) {
          // not ours
        }
      }
    }
    found.sort(null);
    long headSeg = -1;
    Path head = dir.resolve("head");
    if (Files.exists(head)) {
      String[] parts = Files.readString(head).trim().split(" ");
      if (parts.length == 2) {
        headSeg = Long.parseLong(parts[0]);
        headOffset = Long.parseLong(parts[1]);
      }
    }
    for (long s : found) {
      if (s < headSeg) {
        Files.deleteIfExists(file(s)); // fully delivered before the restart
        continue;
      }
      segments.addLast(s);
      long from = s == headSeg ? headOffset : 0;
      records += countRecords(s, from);
      totalBytes += Files.size(file(s)) - from;
      tailSeq = s;
    }
    if (segments.isEmpty() || segments.peekFirst() != headSeg) {
      headOffset = 0;
    }
  }

  private long countRecords(long seg, long from) throws IOException {
    long n = 0;
    try (FileChannel ch = FileChannel.open(file(seg), StandardOpenOption.READ)) {
      long size = ch.size();
      long off = from;
      ByteBuffer h = ByteBuffer.allocate(4);
      while (off + HEADER <= size) {
        h.clear();
        ch.read(h, off);
        int len = h.flip().getInt();
        if (len < HEADER || off + len > size) {
          break;
        }
        n++;
        off += len;
      }
    }
    return n;
  }

  private void writeHead() throws IOException {
    Path tmp = dir.resolve("head.tmp");
    long seg = segments.isEmpty() ? tailSeq + 1 : segments.peekFirst();
    Files.writeString(tmp, seg + " " + headOffset + "\n");
    Files.move(tmp, dir.resolve("head"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Path file(long seg) {
    return dir.resolve(String.format("%020d.seg", seg));
  }
}
