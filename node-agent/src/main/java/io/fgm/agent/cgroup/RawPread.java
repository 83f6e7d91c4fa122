package io.fgm.agent.cgroup;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * {@code pread(2)} into a direct buffer through the JDK's own native method, without {@link FileChannel#read(
 * ByteBuffer, long)}'s per-call bookkeeping. That bookkeeping (interruptible-I/O begin/end, registering the thread
 * in the channel's native-thread set, buffer position updates) touches half a dozen objects per channel; once a
 * second, with cold caches, it was ~19 % of the sampler thread's perf samples at 100 containers, more than the
 * parsers; through this class ~7 %, and the sampler thread took 6 % less CPU in three rounds side by side (README
 * "Sixth round"). Reads of cgroup and proc files do not block, so the interruptibility it buys is of no use here.
 *
 * <p>Written here rather than taken from a library because no library offers a cheaper positioned read on Java 17:
 * it calls the JDK's {@code FileDispatcherImpl.pread0} (JDK 21: {@code UnixFileDispatcherImpl}) and reads the
 * channel's descriptor and the buffer's address, all of which need {@code --add-opens
 * java.base/sun.nio.ch=ALL-UNNAMED} (the agent's {@code jvm.options}). Without it, or on a JDK where the lookups
 * fail, {@link #available()} is false and callers use {@link FileChannel} as before: same bytes, more CPU.
 */
final class RawPread {
  private static final MethodHandle PREAD0; // (FileDescriptor, long address, int len, long position) -> int
  private static final MethodHandle CHANNEL_FD; // (FileChannelImpl) -> FileDescriptor
  private static final MethodHandle ADDRESS; // (DirectBuffer) -> long
  private static final Class<?> CHANNEL_CLASS;
  /** IOStatus codes the JDK's native read returns instead of a count. */
  private static final int EOF = -1;
  private static final int INTERRUPTED = -3;

  static {
    MethodHandle pread0 = null;
    MethodHandle channelFd = null;
    MethodHandle address = null;
    Class<?> channelClass = null;
    try {
      MethodHandles.Lookup me = MethodHandles.lookup();
      channelClass = Class.forName("sun.nio.ch.FileChannelImpl");
      channelFd = MethodHandles.privateLookupIn(channelClass, me)
          .findGetter(channelClass, "fd", FileDescriptor.class)
          .asType(MethodType.methodType(FileDescriptor.class, FileChannel.class));
      Class<?> directBuffer = Class.forName("sun.nio.ch.DirectBuffer");
      address = MethodHandles.privateLookupIn(directBuffer, me)
          .findVirtual(directBuffer, "address", MethodType.methodType(long.class))
          .asType(MethodType.methodType(long.class, ByteBuffer.class));
      MethodType preadType = MethodType.methodType(int.class, FileDescriptor.class, long.class, int.class,
          long.class);
      for (String name : new String[] {"sun.nio.ch.FileDispatcherImpl", "sun.nio.ch.UnixFileDispatcherImpl"}) {
        try {
          Class<?> dispatcher = Class.forName(name);
          pread0 = MethodHandles.privateLookupIn(dispatcher, me).findStatic(dispatcher, "pread0", preadType);
          break;
        } catch (ReflectiveOperationException e) {
          // try the next name
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not opened to us (no --add-opens) or another JDK layout: FileChannel's own read is used
    }
    boolean all = pread0 != null && channelFd != null && address != null;
    PREAD0 = all ? pread0 : null;
    CHANNEL_FD = all ? channelFd : null;
    ADDRESS = all ? address : null;
    CHANNEL_CLASS = all ? channelClass : null;
  }

  private RawPread() {}

  /** True when positioned reads can bypass {@link FileChannel} in this JVM. */
  static boolean available() {
    return PREAD0 != null;
  }

  /** The descriptor of a channel opened by {@link FileChannel#open}, or null when not {@link #available()}. */
  static FileDescriptor descriptor(FileChannel channel) {
    if (PREAD0 == null || !CHANNEL_CLASS.isInstance(channel)) {
      return null;
    }
    try {
      return (FileDescriptor) CHANNEL_FD.invokeExact(channel);
    } catch (Throwable e) {
      return null;
    }
  }

  /** The native address of a direct buffer (only when {@link #available()}). */
  static long address(ByteBuffer direct) {
    try {
      return (long) ADDRESS.invokeExact(direct);
    } catch (Throwable e) {
      throw new IllegalStateException("address of a direct buffer", e);
    }
  }

  /**
   * Reads up to {@code len} bytes at offset 0 of {@code fd} into memory at {@code address}; returns the count (0 at
   * end of file). Throws what {@code pread} fails with (ENODEV after the cgroup was removed, EBADF...).
   */
  static int readAt0(FileDescriptor fd, long address, int len) throws IOException {
    while (true) {
      int n;
      try {
        n = (int) PREAD0.invokeExact(fd, address, len, 0L);
      } catch (IOException e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException("pread failed", e);
      }
      if (n >= 0) {
        return n;
      }
      if (n == EOF) {
        return 0;
      }
      if (n != INTERRUPTED) {
        throw new IOException("pread returned status " + n);
      }
    }
  }
}
