package io.fgm.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** The Avro schemas of fgm, loaded from {@code /avro/*.avsc} on the classpath. */
public final class Schemas {
  /** Wire format of {@link ContainerSample}, version 1. */
  public static final Schema CONTAINER_SAMPLE_V1 = load("/avro/container-sample-v1.avsc");
  /** Pod metadata on the compacted topic fgm.pods, version 1. */
  public static final Schema POD_METADATA_V1 = load("/avro/pod-metadata-v1.avsc");
  /** A finding of the streaming studies, on the topic fgm.findings and in Parquet, version 1. */
  public static final Schema FINDING_V1 = load("/avro/finding-v1.avsc");

  private Schemas() {}

  private static Schema load(String resource) {
    try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
