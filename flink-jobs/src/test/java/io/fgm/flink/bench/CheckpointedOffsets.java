package io.fgm.flink.bench;

import io.fgm.testkit.EmbeddedKafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The job's steady-state rate, read from the Kafka offsets its source commits when a checkpoint completes (the
 * samples below them are in files FileSink committed with that checkpoint, exactly once). Polls the consumer
 * group's offsets while the job runs and keeps each change with its time.
 *
 * <p>Why not the benchmark's submit-to-finish rate alone: that includes the job's start-up and the final flush and
 * compaction of a bounded run, which a long-running job does not pay per sample. The sustained rate is taken from
 * the first commit (the job is running) to the last commit before the final one (end of input), so it still
 * includes every checkpoint, the staging files' closes and the compaction rounds that fall between them.
 */
final class CheckpointedOffsets implements AutoCloseable {
  /** Offsets committed at one moment: {@code nanos} from {@link System#nanoTime}, summed over partitions. */
  record Commit(long nanos, long offset) {}

  /** Samples per second between two commits; NaN when the run had fewer than three commits. */
  record Rate(Commit from, Commit to, int commits) {
    double samplesPerSecond() {
      return from == null ? Double.NaN : (to.offset - from.offset) / ((to.nanos - from.nanos) / 1e9);
    }

    @Override
    public String toString() {
      return from == null
          ? commits + " commits, too few for a steady window"
          : String.format("%,d samples in %.1f s between commits 1 and %d of %d", to.offset - from.offset,
              (to.nanos - from.nanos) / 1e9, commits - 1, commits);
    }
  }

  private final List<Commit> commits = new ArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  CheckpointedOffsets(EmbeddedKafkaBroker kafka, String groupId, String topic) {
    poller = new Thread(() -> poll(kafka, groupId, topic), "bench-offsets");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll(EmbeddedKafkaBroker kafka, String groupId, String topic) {
    try (Admin admin = kafka.admin()) {
      long last = -1;
      while (running) {
        long sum = 0;
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
          if (e.getKey().topic().equals(topic) && e.getValue() != null) {
            sum += e.getValue().offset();
          }
        }
        if (sum > last) {
          synchronized (commits) {
            commits.add(new Commit(System.nanoTime(), sum));
          }
          last = sum;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.out.println("WARNING: polling the job's committed offsets failed, no sustained rate: " + e);
    }
  }

  /** The rate from the first commit to the last one before the final commit (see the class comment). */
  Rate sustained() throws InterruptedException {
    running = false;
    poller.join();
    synchronized (commits) {
      int n = commits.size();
      return n < 3 ? new Rate(null, null, n) : new Rate(commits.get(0), commits.get(n - 2), n);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join();
  }
}
