package io.fgm.query.tail;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell of a tail: one thread that reads a topic from {@code now - window} on (or, for a compacted topic,
 * from the beginning) and hands every record to a handler (a pure buffer). It assigns the partitions itself, with no
 * consumer group: every query service replica wants every record, and nothing needs committing (a restart simply
 * reads the window again). Partitions added later are picked up every {@code rediscoverEvery}; a topic that does not
 * exist yet is waited for.
 */
public final class KafkaTopicTail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicTail.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration REDISCOVER_EVERY = Duration.ofSeconds(10);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration window;
  private final Clock clock;
  private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
  private final Runnable idle;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long recordsSeen;

  /**
   * Starts tailing {@code topic} on {@code bootstrap}.
   *
   * @param window how far back to start reading; null: from the beginning (a compacted topic such as the pods')
   *
   * @param handler called on the tail's thread for every record, in partition order
   * @param idle called on the tail's thread after every poll (housekeeping such as expiring old points)
   */
  public KafkaTopicTail(String bootstrap, String topic, Duration window, Clock clock,
      Consumer<ConsumerRecord<byte[], byte[]>> handler, Runnable idle) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fgm-query-tail-" + topic);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(p);
    this.topic = topic;
    this.window = window;
    this.clock = clock;
    this.handler = handler;
    this.idle = idle;
    this.thread = new Thread(this::run, "fgm-tail-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  /** Records handed to the handler since start. */
  public long recordsSeen() {
    return recordsSeen;
  }

  private void run() {
    Set<TopicPartition> assigned = new HashSet<>();
    long nextDiscovery = 0;
    try {
      while (running) {
        long now = System.nanoTime();
        if (now - nextDiscovery >= 0) {
          nextDiscovery = now + (assigned.isEmpty() ? POLL.toNanos() * 5 : REDISCOVER_EVERY.toNanos());
          discover(assigned);
        }
        if (assigned.isEmpty()) {
          Thread.sleep(POLL.toMillis());
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          try {
            handler.accept(r);
          } catch (RuntimeException e) { // one bad record must not stop the tail
            LOG.debug("tail of {}: skipping record at {}-{}: {}", topic, r.partition(), r.offset(), e.toString());
          }
          recordsSeen++;
        }
        idle.run();
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.warn("tail of {} stopped: {}", topic, e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  /** Assigns partitions not seen yet, each from the first offset at or after {@code now - window}. */
  private void discover(Set<TopicPartition> assigned) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      LOG.debug("tail of {}: broker not reachable yet: {}", topic, e.toString());
      return;
    }
    if (infos == null || infos.isEmpty()) {
      return; // the topic does not exist yet
    }
    List<TopicPartition> fresh = new ArrayList<>();
    for (PartitionInfo i : infos) {
      TopicPartition tp = new TopicPartition(topic, i.partition());
      if (!assigned.contains(tp)) {
        fresh.add(tp);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    Set<TopicPartition> all = new HashSet<>(assigned);
    all.addAll(fresh);
    consumer.assign(all);
    if (window == null) {
      consumer.seekToBeginning(fresh);
      assigned.addAll(fresh);
      LOG.info("reading {} partitions of {} from the beginning", assigned.size(), topic);
      return;
    }
    long since = clock.millis() - window.toMillis();
    Map<TopicPartition, Long> query = new HashMap<>();
    fresh.forEach(tp -> query.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(5));
    Map<TopicPartition, Long> ends = consumer.endOffsets(fresh, Duration.ofSeconds(5));
    for (TopicPartition tp : fresh) {
      OffsetAndTimestamp o = offsets.get(tp);
      consumer.seek(tp, o != null ? o.offset() : ends.get(tp)); // nothing that recent: only new records
    }
    assigned.addAll(fresh);
    LOG.info("tailing {} partitions of {} from {} ms ago", assigned.size(), topic, window.toMillis());
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
