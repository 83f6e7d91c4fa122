package io.fgm.flink.testing;

import io.fgm.schema.ContainerSample;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Injects exactly {@code failures} task failures into a job on an in-JVM MiniCluster: subtask 0 throws once it has
 * seen {@code afterRecords} records in the current attempt and a checkpoint has completed since the attempt started,
 * so that committed files and a replay from the checkpoint both exist at each failure. The failure budget is shared
 * across attempts through a static map (the function object is re-created on every restart). Past
 * {@code afterRecords}, an attempt that still has to fail slows to {@code pauseMicros} per record until a checkpoint
 * completes, so that the input does not run out first on a loaded machine.
 */
public final class FailTwiceMap extends RichMapFunction<ContainerSample, ContainerSample> implements CheckpointListener {
  private static final long serialVersionUID = 1L;
  private static final Map<String, AtomicInteger> BUDGETS = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final int afterRecords;
  private final long pauseMicros;
  private transient boolean injector;
  private transient long seen;
  private transient volatile boolean checkpointed;

  public FailTwiceMap(int failures, int afterRecords, long pauseMicros) {
    this.afterRecords = afterRecords;
    this.pauseMicros = pauseMicros;
    BUDGETS.put(id, new AtomicInteger(failures));
  }

  /** Failures not injected yet. */
  public int remaining() {
    return BUDGETS.get(id).get();
  }

  @Override
  public void open(OpenContext openContext) {
    injector = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
  }

  @Override
  public ContainerSample map(ContainerSample s) throws Exception {
    if (injector && ++seen > afterRecords && BUDGETS.get(id).get() > 0) {
      if (checkpointed) {
        int left = BUDGETS.get(id).decrementAndGet();
        throw new IllegalStateException("injected failure after " + seen + " records, " + left + " to go");
      }
      Thread.sleep(pauseMicros / 1000, (int) (pauseMicros % 1000) * 1000);
    }
    return s;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
  }
}
