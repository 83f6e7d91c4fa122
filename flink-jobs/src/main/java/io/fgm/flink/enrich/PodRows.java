package io.fgm.flink.enrich;

import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import io.fgm.schema.SampleDecodeException;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod metadata versions → rows of the store's pods tier ({@link PodMetadataCodec#toRecord}). Tombstones are not
 * written: a deleted pod keeps its last version, which is the point of the tier (its containers' rows outlive it).
 * A record that does not decode is counted ({@code podRecordsSkipped}) and logged, like the enrichment does.
 */
public final class PodRows extends ProcessFunction<PodUpdate, GenericRecord> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PodRows.class);

  private transient Counter skipped;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    skipped = getRuntimeContext().getMetricGroup().counter("podRecordsSkipped");
  }

  @Override
  public void processElement(PodUpdate update, Context ctx, Collector<GenericRecord> out) {
    if (update.isTombstone()) {
      return;
    }
    PodMetadata pod;
    try {
      pod = PodMetadataCodec.decode(update.value);
    } catch (SampleDecodeException e) {
      skipped.inc();
      LOG.warn("pods tier: skipped an undecodable pod metadata record for pod {} ({})", update.podUid, e.getMessage());
      return;
    }
    out.collect(PodMetadataCodec.toRecord(pod));
  }
}
