package io.fgm.flink.testing;

import io.fgm.schema.ContainerSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Injects task failures: in each of the first {@code failures} execution attempts, every subtask throws once it has
 * seen {@code afterRecords} records and at least one checkpoint has completed since it started, so that committed
 * files and a replay from the checkpoint both exist. A short pause per record keeps the job running long enough for
 * checkpoints to happen.
 */
public final class FailTwiceMap extends RichMapFunction<ContainerSample, ContainerSample> implements CheckpointListener {
  private static final long serialVersionUID = 1L;

  private final int failures;
  private final int afterRecords;
  private final long pauseMicros;
  private transient int attempt;
  private transient long seen;
  private transient boolean checkpointed;

  public FailTwiceMap(int failures, int afterRecords, long pauseMicros) {
    this.failures = failures;
    this.afterRecords = afterRecords;
    this.pauseMicros = pauseMicros;
  }

  @Override
  public void open(OpenContext openContext) {
    attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
  }

  @Override
  public ContainerSample map(ContainerSample s) throws Exception {
    if (++seen > afterRecords && checkpointed && attempt < failures) {
      throw new IllegalStateException("injected failure in attempt " + attempt + " after " + seen + " records");
    }
    if (pauseMicros > 0) {
      Thread.sleep(pauseMicros / 1000, (int) (pauseMicros % 1000) * 1000);
    }
    return s;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
  }
}
