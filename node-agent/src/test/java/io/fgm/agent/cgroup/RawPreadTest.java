package io.fgm.agent.cgroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawPreadTest {
  @TempDir Path dir;

  @Test
  void theTestJvmAndTheAgentsJvmOptionsOpenTheJdkForIt() throws IOException {
    assertTrue(RawPread.available(), "surefire's argLine should carry --add-opens=java.base/sun.nio.ch");
    String options = Files.readString(Paths.get("jvm.options"));
    assertTrue(options.lines().anyMatch(l -> l.startsWith("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")),
        "jvm.options opens sun.nio.ch for RawPread");
  }

  @Test
  void rawReadsGiveTheSameBytesAsTheChannelForEmptySmallAndGrowingFiles() throws IOException {
    Random random = new Random(7);
    for (int size : new int[] {0, 1, 60, 1100, 16 << 10, (16 << 10) + 1, 70_000}) {
      byte[] content = new byte[size];
      random.nextBytes(content);
      Path file = dir.resolve("f" + size);
      Files.write(file, content);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        FileDescriptor fd = RawPread.descriptor(ch);
        assertNotNull(fd);
        ReadBuffer raw = new ReadBuffer();
        ReadBuffer viaChannel = new ReadBuffer();
        int n = raw.readAt0(ch, fd);
        int m = viaChannel.readAt0(ch, null);
        assertEquals(size, n);
        assertEquals(size, m);
        assertArrayEquals(content, Arrays.copyOf(raw.bytes(), n));
        assertArrayEquals(content, Arrays.copyOf(viaChannel.bytes(), m));
      }
    }
  }

  @Test
  void aRawReadAfterAShorterOpenReadCloseOfTheSameBufferGetsTheWholeFile() throws IOException {
    Path small = dir.resolve("comm");
    Files.writeString(small, "pause\n");
    Path large = dir.resolve("memory.stat");
    String stat = "anon 4096\nfile 8192\n".repeat(40);
    Files.writeString(large, stat);
    ReadBuffer buf = new ReadBuffer(4096);
    assertEquals(6, buf.readOnce(small)); // leaves the direct buffer's limit at 6
    try (FileChannel ch = FileChannel.open(large, StandardOpenOption.READ)) {
      int n = buf.readAt0(ch, RawPread.descriptor(ch));
      assertEquals(stat, new String(buf.bytes(), 0, n, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aHeldDescriptorRereadsFromOffsetZeroAfterTheFileIsRewrittenInPlace() throws IOException {
    Path file = dir.resolve("cpu.stat");
    Files.writeString(file, "usage_usec 100\nuser_usec 60\nsystem_usec 40\n");
    HeldFile held = new HeldFile(file, new FdBudget(8));
    ReadBuffer buf = new ReadBuffer(64);
    int n = held.read(buf);
    assertEquals("usage_usec 100\nuser_usec 60\nsystem_usec 40\n",
        new String(buf.bytes(), 0, n, StandardCharsets.US_ASCII));
    Files.writeString(file, "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\n"); // same inode
    n = held.read(buf);
    assertEquals("usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\n",
        new String(buf.bytes(), 0, n, StandardCharsets.US_ASCII));
    assertTrue(held.isOpen());
    held.close();
  }

  @Test
  void readingTheDescriptorOfAClosedChannelFailsSoTheCallerReopens() throws IOException {
    Path file = dir.resolve("memory.current");
    Files.writeString(file, "4096\n");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    FileDescriptor fd = RawPread.descriptor(ch);
    ch.close();
    ReadBuffer buf = new ReadBuffer(64);
    IOException e = assertThrows(IOException.class, () -> buf.readAt0(ch, fd));
    assertNotNull(e.getMessage());
  }
}
