package io.fgm.agent.cgroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the kernel-file fixtures under src/test/resources/kernel/ (copies of real files, see its README). */
final class KernelFiles {
  private KernelFiles() {}

  static byte[] load(String name) {
    try (InputStream in = KernelFiles.class.getResourceAsStream("/kernel/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
