package io.fgm.flink.enrich;

import io.fgm.flink.rates.RateTracker;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import io.fgm.schema.SampleDecodeException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-container rates ({@link RateTracker}) plus Kubernetes names joined from the pod metadata topic, which every
 * subtask receives whole (broadcast state, keyed by pod UID; a tombstone removes the pod). One operator does both
 * so that samples cross the network once. Samples whose pod is not known yet are stored without names, never held
 * back (metric {@code samplesWithoutPodMetadata}); undecodable metadata is counted ({@code badPodMetadata}) and
 * skipped.
 */
public final class EnrichedRatesFunction
    extends KeyedBroadcastProcessFunction<String, ContainerSample, PodUpdate, ContainerSample> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EnrichedRatesFunction.class);

  /** Broadcast state: pod UID → {@link PodMetadataCodec} bytes (bytes, so the state needs no Kryo). */
  public static final MapStateDescriptor<String, byte[]> PODS =
      new MapStateDescriptor<>("pods", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private final Duration maxGap;
  private final Duration stateTtl;
  private transient RateTracker rates;
  /** Decoded metadata by pod UID; rebuilt lazily from the broadcast state after a restore. */
  private transient Map<String, PodMetadata> decoded;
  private transient Counter withoutMetadata;
  private transient Counter badMetadata;

  public EnrichedRatesFunction(Duration maxGap, Duration stateTtl) {
    this.maxGap = maxGap;
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    rates = new RateTracker(getRuntimeContext(), maxGap, stateTtl);
    decoded = new HashMap<>();
    withoutMetadata = getRuntimeContext().getMetricGroup().counter("samplesWithoutPodMetadata");
    badMetadata = getRuntimeContext().getMetricGroup().counter("badPodMetadata");
  }

  @Override
  public void processElement(ContainerSample sample, ReadOnlyContext ctx, Collector<ContainerSample> out)
      throws Exception {
    ContainerSample s = rates.apply(sample);
    if (s == null) {
      return;
    }
    String uid = s.container().podUid();
    if (uid != null) {
      PodMetadata pod = lookup(uid, ctx.getBroadcastState(PODS));
      if (pod == null) {
        withoutMetadata.inc();
      } else {
        ContainerRef named = PodNames.enrich(s.container(), pod);
        if (named != s.container()) {
          s = new ContainerSample(s.timestampMs(), s.node(), named, s.metrics());
        }
      }
    }
    out.collect(s);
  }

  private PodMetadata lookup(String uid, ReadOnlyBroadcastState<String, byte[]> pods) throws Exception {
    PodMetadata pod = decoded.get(uid);
    if (pod == null) {
      byte[] bytes = pods.get(uid);
      if (bytes != null) {
        pod = decode(uid, bytes);
        if (pod != null) {
          decoded.put(uid, pod);
        }
      }
    }
    return pod;
  }

  @Override
  public void processBroadcastElement(PodUpdate u, Context ctx, Collector<ContainerSample> out) throws Exception {
    BroadcastState<String, byte[]> pods = ctx.getBroadcastState(PODS);
    decoded.remove(u.podUid);
    if (u.isTombstone()) {
      pods.remove(u.podUid);
    } else if (decode(u.podUid, u.value) != null) {
      pods.put(u.podUid, u.value);
    }
  }

  private PodMetadata decode(String uid, byte[] bytes) {
    try {
      return PodMetadataCodec.decode(bytes);
    } catch (SampleDecodeException e) {
      badMetadata.inc();
      LOG.warn("skipping pod metadata of pod {} ({}): {}", uid, e.reason(), e.getMessage());
      return null;
    }
  }
}
