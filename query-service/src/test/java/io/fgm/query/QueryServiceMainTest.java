package io.fgm.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QueryServiceMainTest {
  @Test
  void a_store_is_a_path_or_a_file_uri() {
    assertEquals(Path.of("/var/lib/fgm/store"), QueryServiceMain.storePath("/var/lib/fgm/store"));
    assertEquals(Path.of("/var/lib/fgm/store"), QueryServiceMain.storePath("file:///var/lib/fgm/store"));
    assertEquals(Path.of("data/store"), QueryServiceMain.storePath("data/store"));
  }

  @Test
  void an_s3_store_or_none_is_a_clear_error() {
    var e = assertThrows(CommandLine.ParameterException.class, () -> QueryServiceMain.storePath("s3://b/p"));
    assertTrue(e.getMessage().contains("S3 is not implemented"), e.getMessage());
    assertThrows(CommandLine.ParameterException.class, () -> QueryServiceMain.storePath(null));
  }
}
