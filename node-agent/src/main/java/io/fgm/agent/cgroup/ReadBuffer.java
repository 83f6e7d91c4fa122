package io.fgm.agent.cgroup;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sampling thread's one read buffer: a direct buffer the kernel fills (no hidden copy through a temporary
 * direct buffer) and a byte array the pure parsers read. Grows when a file fills it, so a file is always read
 * whole in one positioned read: kernel files are generated per read call, and two partial reads could mix two
 * snapshots. Not thread-safe.
 */
public final class ReadBuffer {
  /** Returned by the read methods when the file does not exist (not collected, not an error). */
  public static final int MISSING = -1;

  private static final int MAX_SIZE = 4 << 20;
  private ByteBuffer direct;
  private long directAddress; // for RawPread, when available
  private byte[] bytes;

  public ReadBuffer() {
    this(16 << 10);
  }

  public ReadBuffer(int size) {
    allocate(size);
  }

  /** The bytes of the last read; valid up to the length it returned. */
  public byte[] bytes() {
    return bytes;
  }

  /**
   * Reads the whole file with positioned reads at offset 0 on a held channel; returns its length. Throws when
   * the channel is stale (the caller reopens).
   */
  public int readAt0(FileChannel ch) throws IOException {
    return readAt0(ch, null);
  }

  /**
   * As {@link #readAt0(FileChannel)}; with the channel's {@code descriptor} ({@link RawPread#descriptor}) the read
   * bypasses the channel's per-call bookkeeping.
   */
  int readAt0(FileChannel ch, FileDescriptor descriptor) throws IOException {
    while (true) {
      int n = descriptor != null
          ? RawPread.readAt0(descriptor, directAddress, direct.capacity())
          : readThroughChannel(ch);
      if (n < direct.capacity() || direct.capacity() >= MAX_SIZE) {
        direct.get(0, bytes, 0, n); // absolute: the buffer's limit is always its capacity (never flipped)
        return n;
      }
      grow();
    }
  }

  private int readThroughChannel(FileChannel ch) throws IOException {
    direct.clear();
    return Math.max(0, ch.read(direct, 0)); // -1 at the end of an empty file
  }

  /** Opens, reads whole and closes {@code file}; {@link #MISSING} when it does not exist or vanished. */
  public int readOnce(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return readAt0(ch);
    } catch (NoSuchFileException e) {
      return MISSING;
    } catch (IOException e) {
      return MISSING; // ESRCH/ENODEV: the process or cgroup went away while we read
    }
  }

  private void grow() {
    allocate(direct.capacity() * 2);
  }

  private void allocate(int size) {
    direct = ByteBuffer.allocateDirect(size);
    directAddress = RawPread.available() ? RawPread.address(direct) : 0;
    bytes = new byte[size];
  }
}
