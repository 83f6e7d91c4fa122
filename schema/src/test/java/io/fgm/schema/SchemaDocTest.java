package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps SCHEMA.md in step with {@link Metric} and the Avro schemas. */
class SchemaDocTest {
  @Test
  void schema_md_documents_every_metric_with_its_unit() throws Exception {
    String doc = Files.readString(Path.of("..", "SCHEMA.md"));
    for (Metric m : Metric.values()) {
      assertTrue(
          doc.contains("| `" + m.key() + "` | " + m.unit().symbol() + " |"), "SCHEMA.md lacks " + m.key());
    }
  }

  @Test
  void schema_md_documents_every_wire_and_parquet_field() throws Exception {
    String doc = Files.readString(Path.of("..", "SCHEMA.md"));
    Schemas.CONTAINER_SAMPLE_V1.getFields().forEach(f -> assertTrue(doc.contains("`" + f.name() + "`"), f.name()));
    SampleRows.SCHEMA.getFields().stream()
        .filter(f -> SampleRows.metricOf(f.name()).isEmpty()) // metric columns: the key with . → _, one rule
        .forEach(f -> assertTrue(doc.contains("`" + f.name() + "`"), f.name()));
    Schemas.FINDING_V1.getFields().forEach(f -> assertTrue(doc.contains("`" + f.name() + "`"), f.name()));
    for (FindingKind k : FindingKind.values()) {
      assertTrue(doc.contains("`" + k.name() + "`"), k.name());
    }
  }
}
