package io.fgm.flink;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Where the ingest job starts reading the samples topic when it has no checkpoint to restore from. */
public enum StartingOffsets {
  /** The oldest retained sample. */
  EARLIEST,
  /** Only samples produced after the job starts. */
  LATEST,
  /** The consumer group's committed offsets, or the oldest retained sample for a new group. */
  COMMITTED;

  @SuppressWarnings("deprecation") // the connector's API still takes the Kafka 3 enum
  OffsetsInitializer initializer() {
    return switch (this) {
      case EARLIEST -> OffsetsInitializer.earliest();
      case LATEST -> OffsetsInitializer.latest();
      case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }
}
