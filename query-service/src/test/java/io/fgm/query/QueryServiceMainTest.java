package io.fgm.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Tests for {@link QueryServiceMain}'s options: store URIs, S3 and Kafka settings. */
class QueryServiceMainTest {
  static QueryConfig parse(String... args) {
    QueryServiceMain main = new QueryServiceMain();
    new CommandLine(main).parseArgs(args);
    return main.config();
  }

  @Test
  void a_store_is_a_path_or_a_file_uri() {
    assertEquals(Path.of("/var/lib/fgm/store"), parse("--store", "/var/lib/fgm/store").storePath());
    assertEquals(Path.of("/var/lib/fgm/store"), parse("--store", "file:///var/lib/fgm/store").storePath());
    assertEquals(Path.of("data/store").toAbsolutePath(), parse("--store", "data/store").storePath());
    assertNull(parse("--store", "data/store").s3());
  }

  @Test
  void an_s3_store_names_bucket_prefix_endpoint_and_addressing() {
    QueryConfig c = parse("--store", "s3://fgm/store", "--s3-endpoint", "http://127.0.0.1:9000",
        "--s3-path-style", "true", "--s3-region", "eu-west-1", "--kafka-bootstrap", "127.0.0.1:9092",
        "--tail-window", "PT2M");
    assertEquals("fgm", c.s3().bucket());
    assertEquals(Path.of("/store"), c.storePath());
    assertEquals(URI.create("http://127.0.0.1:9000"), c.s3().endpoint());
    assertTrue(c.s3().pathStyle());
    assertEquals("eu-west-1", c.s3().region());
    assertEquals("s3://fgm/store", c.storeUri());
    assertEquals("127.0.0.1:9092", c.kafkaBootstrap());
    assertEquals(Duration.ofMinutes(2), c.tailWindow());
    assertEquals(Path.of("/store/findings"), c.findingsTierPath());
  }

  @Test
  void another_scheme_or_no_store_is_a_clear_error() {
    var e = assertThrows(CommandLine.ParameterException.class, () -> parse("--store", "gs://b/p"));
    assertTrue(e.getMessage().contains("only s3://, file:// and local paths"), e.getMessage());
    assertThrows(CommandLine.ParameterException.class, () -> parse("--store", "s3:///p"));
    if (System.getenv("FGM_STORE_URI") == null) {
      assertThrows(CommandLine.ParameterException.class, () -> parse());
    }
  }
}
