package io.fgm.agent.publish;

import io.fgm.agent.sample.AgentStats;
import io.fgm.agent.sample.RateLimitedLog;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes samples to a Kafka topic: key {@link ContainerSample#kafkaKey()} ({@code node/container}), partition
 * by node ({@link NodePartitioner}: all of the node's records in one partition, so one container's samples stay in
 * order and a tick makes one batch), value {@link SampleCodec#encode}'s bytes (written by {@link SampleEncoder},
 * which is tested to produce the same bytes with less work).
 *
 * <p>{@link #publish} only queues the tick's batch (bounded: 120 ticks; beyond, batches are dropped and counted)
 * so the 1 Hz loop never waits for Kafka. A sender thread appends each tick's records to the producer's batch as
 * the tick arrives and flushes at the end of each delivery window (every tick, or every {@code windowMs} aligned
 * to the epoch: one produce request per window, README "Publishing every 5 s"), before anything later is sent, so
 * it knows which records failed: those go to the {@link SpillQueue} (when one is configured) in their original
 * order, and while the spill holds anything new batches are appended behind them. The spill is replayed oldest
 * first, in chunks, with backoff (1 s doubling to 30 s) while the broker stays away. Delivery is at least once: a
 * chunk that fails part-way is committed up to its first failure and the rest is replayed, including any later
 * record that did get through. The sender thread sleeps until a tick arrives (or, while the spill holds records,
 * until the next replay is due): no periodic wake-ups while idle.
 *
 * <p>Producer settings, each for a reason: idempotence on with acks=all (a retried batch is not duplicated,
 * order within a partition holds); compression (metric names repeat in every record) lz4 by default in the agent
 * (zstd compresses better; run side by side at 100 containers it cost ~0.05 % of a core and ~3 MiB RSS more:
 * README "Kafka"); linger 50 ms, or the delivery window (the sender flushes at its end) and 128 KiB batches (5 s
 * of 100 containers is ~74 KB after lz4; a fuller batch is sent at once, so a larger node makes more requests,
 * not larger buffers; the producer keeps one pooled buffer of batch.size per partition); max.block.ms 1 s and
 * delivery.timeout.ms 10 s, or the window + 5 s (an absent broker is detected in
 * seconds, and after the first send that times out on metadata the rest of the batch is not tried); client
 * telemetry push off (Kafka 3.7+ pushes client metrics to brokers that ask: more classes, requests and wake-ups);
 * no JMX metric reporter.
 */
public final class KafkaSamplePublisher implements SamplePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSamplePublisher.class);
  private static final int QUEUE_TICKS = 120;
  private static final int REPLAY_CHUNK = 2000;
  /** lz4: see the class comment and README "Kafka" for the zstd comparison. */
  public static final String DEFAULT_COMPRESSION = "lz4";
  /** Put in the queue by {@link #close()} to wake the sender at once. */
  private static final List<ContainerSample> STOP = java.util.Collections.unmodifiableList(new ArrayList<>(0));
  /** Put in the queue by {@link #flush()}: the open window is sent now. */
  private static final List<ContainerSample> FLUSH = java.util.Collections.unmodifiableList(new ArrayList<>(0));

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final SpillQueue spill;
  private final AgentStats stats;
  private final RateLimitedLog warnings = new RateLimitedLog(LOG, 30_000);
  private final BlockingQueue<List<ContainerSample>> queue = new ArrayBlockingQueue<>(QUEUE_TICKS);
  private final SampleEncoder encoder = new SampleEncoder();
  private final AtomicReference<Exception> firstLoss = new AtomicReference<>();
  private final Object progress = new Object();
  private final Thread sender;
  private long submitted;
  private long handled;
  private volatile boolean running = true;
  private long backoffMs = 1000;
  private long nextReplayNanos;
  private final long windowMs;
  private final long tickPeriodMs;
  // the open window (sender thread only): entries appended to the producer's batch, not yet flushed
  private final WindowRecords windowRecords = new WindowRecords();
  private final List<Future<RecordMetadata>> windowFutures = new ArrayList<>();
  private long openWindow;

  /** @param spill where undeliverable samples wait, or null to drop them (counted) */
  public KafkaSamplePublisher(
      String bootstrapServers, String topic, String clientId, SpillQueue spill, AgentStats stats) {
    this(producerProperties(bootstrapServers, clientId, DEFAULT_COMPRESSION), topic, spill, stats);
  }

  public KafkaSamplePublisher(String bootstrapServers, String topic, String clientId, AgentStats stats) {
    this(bootstrapServers, topic, clientId, null, stats);
  }

  /** With explicit producer properties (serializers are set here); every tick is sent and flushed at once. */
  public KafkaSamplePublisher(Properties props, String topic, SpillQueue spill, AgentStats stats) {
    this(props, topic, spill, stats, 0, 1000);
  }

  /**
   * With explicit producer properties and a delivery window: the records of each tick are appended to the
   * producer's batch as the tick arrives, and flushed (sent and acknowledged) after the last tick of each window
   * of {@code windowMs}, aligned to the epoch (the tick of timestamp t is the last when t + tickPeriodMs starts the
   * next window); a {@code windowMs} up to {@code tickPeriodMs} flushes every tick. The producer's linger.ms must
   * be at least the window, or it would send the batch before the window ends: a shorter one is refused ({@link
   * #producerProperties(String, String, String, long)} sets it).
   */
  public KafkaSamplePublisher(
      Properties props, String topic, SpillQueue spill, AgentStats stats, long windowMs, long tickPeriodMs) {
    if (windowMs < 0 || tickPeriodMs <= 0) {
      throw new IllegalArgumentException("windowMs must be >= 0 and tickPeriodMs > 0, were " + windowMs + ", "
          + tickPeriodMs);
    }
    Object linger = props.get(ProducerConfig.LINGER_MS_CONFIG);
    if (windowMs > tickPeriodMs && (linger == null || Long.parseLong(linger.toString().trim()) < windowMs)) {
      throw new IllegalArgumentException("linger.ms " + linger + " is shorter than the delivery window of "
          + windowMs + " ms: the producer would send each batch before the window ends (producerProperties(..., "
          + "windowMs) sets it)");
    }
    this.windowMs = windowMs;
    this.tickPeriodMs = tickPeriodMs;
    this.topic = Objects.requireNonNull(topic, "topic");
    this.spill = spill;
    this.stats = stats;
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.sender = new Thread(this::run, "fgm-kafka-sender");
    sender.setDaemon(true);
    sender.start();
  }

  /** The producer settings described in the class comment, with {@code compression} (zstd, lz4, none...). */
  public static Properties producerProperties(String bootstrapServers, String clientId, String compression) {
    return producerProperties(bootstrapServers, clientId, compression, 0);
  }

  /**
   * As {@link #producerProperties(String, String, String)}, for a publisher that flushes every {@code windowMs}:
   * linger.ms covers the window (the batch waits for the flush; a full batch still goes at once) and the delivery
   * timeout grows with it (Kafka requires at least linger + request timeout).
   */
  public static Properties producerProperties(
      String bootstrapServers, String clientId, String compression, long windowMs) {
    Properties p = baseProperties(bootstrapServers, clientId, compression);
    if (windowMs > 50) {
      p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(windowMs));
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(10_000, windowMs + 5_000)));
    }
    overrides(System.getProperties(), p);
    return p;
  }

  private static Properties baseProperties(String bootstrapServers, String clientId, String compression) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(8L << 20));
    p.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
    // all of a node's records in one partition: one batch per tick instead of one per partition (NodePartitioner)
    p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, NodePartitioner.class.getName());
    // no JMX reporter: nobody scrapes the agent over JMX (its own /metrics says what matters), and registering an
    // MBean per producer metric costs classes, heap and RSS
    p.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
    return p;
  }

  /** System properties named {@value #OVERRIDE_PREFIX}{@code <producer property>} override that property. */
  static final String OVERRIDE_PREFIX = "fgm.kafka.";

  /**
   * Copies every {@code fgm.kafka.X=V} of {@code from} into {@code to} as {@code X=V}: the producer settings
   * above can be changed without a rebuild ({@code JAVA_OPTS=-Dfgm.kafka.linger.ms=20}), e.g. to benchmark them.
   * Idempotence and compression are requirements of the agent's delivery guarantee and size; overriding them is
   * possible but at the operator's risk.
   */
  static void overrides(Properties from, Properties to) {
    for (String name : from.stringPropertyNames()) {
      if (name.startsWith(OVERRIDE_PREFIX) && name.length() > OVERRIDE_PREFIX.length()) {
        to.put(name.substring(OVERRIDE_PREFIX.length()), from.getProperty(name));
      }
    }
  }

  @Override
  public void publish(List<ContainerSample> samples) {
    if (samples.isEmpty()) {
      return;
    }
    synchronized (progress) {
      if (!queue.offer(samples)) {
        stats.samplesDropped.addAndGet(samples.size());
        warnings.warn("queue-full", "sender is {} ticks behind; dropped a tick of {} samples", QUEUE_TICKS,
            samples.size());
        return;
      }
      submitted++;
    }
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      try {
        List<ContainerSample> batch = queue.poll(pollMs(), TimeUnit.MILLISECONDS);
        if (batch == STOP) {
          continue;
        }
        if (batch == FLUSH) {
          flushWindow();
          synchronized (progress) {
            handled++;
            progress.notifyAll();
          }
          continue;
        }
        if (batch != null) {
          handle(encode(batch), batch.get(0).timestampMs());
          synchronized (progress) {
            handled++;
            progress.notifyAll();
          }
        }
        if (running && spill != null && !spill.isEmpty() && System.nanoTime() >= nextReplayNanos) {
          replay();
        }
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException | IOException e) {
        warnings.warn("sender", "sender pass failed, continuing: {}", e.toString());
      }
    }
    try {
      flushWindow(); // stopping: what the open window holds goes out (or to the spill)
    } catch (RuntimeException | IOException e) {
      warnings.warn("sender", "flushing the last window failed: {}", e.toString());
    }
  }

  /** How long the sender may sleep: until the next replay while the spill holds records, else a long time. */
  private long pollMs() {
    if (spill != null && !spill.isEmpty()) {
      return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextReplayNanos - System.nanoTime()));
    }
    return 60_000;
  }

  /** One tick's records: appended to the open window, which is flushed after its last tick. */
  private void handle(List<SpillQueue.Entry> entries, long tickMs) throws IOException {
    if (spill != null && !spill.isEmpty()) {
      toSpill(entries); // behind what is already waiting, to keep order
      return;
    }
    if (windowMs <= tickPeriodMs) { // every tick: the tick's own list holds the records until the acks
      int ok = sendAndWait(entries);
      settle(ok, entries.size(), entries.subList(ok, entries.size()));
      return;
    }
    long window = Math.floorDiv(tickMs, windowMs);
    if (!windowRecords.isEmpty() && window != openWindow) {
      flushWindow(); // the window's last tick was missed: its records go before this tick's
    }
    openWindow = window;
    boolean sentAll = sendAll(entries);
    if (!sentAll || Math.floorDiv(tickMs + tickPeriodMs, windowMs) != window) {
      flushWindow(); // the window's last tick, or a record failed at once (the rest of the tick was not sent)
    }
  }

  /**
   * Appends the entries to the open window and sends them (the producer batches them until the flush). Stops at
   * the first record that fails at once, returning false: Kafka reports a metadata timeout as an already-failed
   * future, and the records after it must not overtake it.
   */
  private boolean sendAll(List<SpillQueue.Entry> entries) {
    for (int i = 0; i < entries.size(); i++) {
      SpillQueue.Entry e = entries.get(i);
      Future<RecordMetadata> f;
      try {
        f = producer.send(new ProducerRecord<>(topic, e.key(), e.value()));
      } catch (RuntimeException ex) {
        entries.subList(i, entries.size()).forEach(windowRecords::add); // producer closed, or a serializer
        return false;
      }
      windowRecords.add(e);
      windowFutures.add(f);
      if (f.isDone() && failed(f)) {
        entries.subList(i + 1, entries.size()).forEach(windowRecords::add); // not tried: they wait behind it
        return false;
      }
    }
    return true;
  }

  /** Flushes the open window and waits for its acks; then {@link #settle}. */
  private void flushWindow() throws IOException {
    if (windowRecords.isEmpty()) {
      return;
    }
    int total = windowRecords.size();
    int ok;
    try {
      ok = waitForAcks(windowFutures, total);
    } finally {
      windowFutures.clear();
    }
    List<SpillQueue.Entry> failed = ok < total ? windowRecords.entriesFrom(ok) : List.of();
    windowRecords.clear();
    settle(ok, total, failed);
  }

  /**
   * Counts the {@code ok} of {@code total} records delivered. Everything from the first record that failed (or was
   * not sent) on, {@code failed}, waits in the spill, in order (a later record that did get through is sent again:
   * at least once), or is dropped and counted without a spill.
   */
  private void settle(int ok, int total, List<SpillQueue.Entry> failed) throws IOException {
    stats.samplesSent.addAndGet(ok);
    if (!failed.isEmpty()) {
      nextReplayNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
      if (spill != null) {
        warnings.warn("down", "Kafka unreachable ({} of {} samples failed); spilling to disk", failed.size(),
            total);
        toSpill(failed);
      } else {
        stats.samplesDropped.addAndGet(failed.size());
        firstLoss.compareAndSet(null, new IllegalStateException(failed.size() + " samples undeliverable"));
        warnings.warn("down", "Kafka unreachable; dropped {} samples (no spill directory configured)",
            failed.size());
      }
    }
  }

  private void replay() throws IOException {
    int chunks = 0;
    while (!spill.isEmpty() && chunks++ < 50) {
      SpillQueue.Peek p = spill.peek(REPLAY_CHUNK);
      if (p.entries().isEmpty()) {
        break;
      }
      int ok = sendAndWait(p.entries());
      if (ok < p.entries().size()) {
        if (ok > 0) {
          SpillQueue.Peek delivered = spill.peek(ok); // the same first records: commit just those
          spill.commit(delivered);
          stats.samplesReplayed.addAndGet(ok);
          stats.samplesSent.addAndGet(ok);
        }
        backoffMs = Math.min(30_000, backoffMs * 2);
        nextReplayNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        return;
      }
      spill.commit(p);
      stats.samplesReplayed.addAndGet(p.entries().size());
      stats.samplesSent.addAndGet(p.entries().size());
      backoffMs = 1000;
      List<List<ContainerSample>> arrived = new ArrayList<>();
      queue.drainTo(arrived); // ticks that came in meanwhile go behind the spill
      for (List<ContainerSample> b : arrived) {
        if (b == STOP) {
          continue;
        }
        toSpill(encode(b));
        synchronized (progress) {
          handled++;
          progress.notifyAll();
        }
      }
    }
    if (spill.isEmpty()) {
      LOG.info("spill replayed; publishing directly again");
    }
  }

  /**
   * Sends the entries in order, waits for all acks, and returns the index of the first one that failed
   * ({@code entries.size()} when all were delivered): every tick's records without a window, and the spill's
   * replay. Sending stops at the first record that fails at once (see {@link #sendAll}).
   */
  private int sendAndWait(List<SpillQueue.Entry> entries) {
    List<Future<RecordMetadata>> futures = new ArrayList<>(entries.size());
    for (SpillQueue.Entry e : entries) {
      Future<RecordMetadata> f;
      try {
        f = producer.send(new ProducerRecord<>(topic, e.key(), e.value()));
      } catch (RuntimeException ex) {
        break; // producer closed or a serializer failure: the rest is not tried
      }
      futures.add(f);
      if (f.isDone() && failed(f)) {
        break;
      }
    }
    return waitForAcks(futures, entries.size());
  }

  /**
   * Flushes the producer and returns the index of the first of {@code count} records whose future failed, or
   * that has no future (it was not sent); {@code count} when all were delivered.
   */
  private int waitForAcks(List<Future<RecordMetadata>> futures, int count) {
    producer.flush();
    for (int i = 0; i < futures.size(); i++) {
      if (failed(futures.get(i))) {
        stats.sendErrors.incrementAndGet();
        return i;
      }
    }
    if (futures.size() < count) {
      stats.sendErrors.incrementAndGet();
    }
    return futures.size();
  }

  private static boolean failed(Future<RecordMetadata> f) {
    try {
      f.get();
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private void toSpill(List<SpillQueue.Entry> entries) throws IOException {
    long dropped = spill.append(entries);
    stats.samplesSpilled.addAndGet(entries.size());
    if (dropped > 0) {
      stats.samplesDropped.addAndGet(dropped);
      firstLoss.compareAndSet(null, new IllegalStateException(dropped + " samples dropped from a full spill"));
      warnings.warn("spill-full", "spill queue full: dropped the oldest {} samples", dropped);
    }
  }

  /** On the sender thread only (the encoder is not thread-safe). */
  private List<SpillQueue.Entry> encode(List<ContainerSample> batch) {
    List<SpillQueue.Entry> out = new ArrayList<>(batch.size());
    for (ContainerSample s : batch) {
      out.add(new SpillQueue.Entry(encoder.key(s), encoder.encode(s)));
    }
    return out;
  }

  /** Samples waiting in the spill queue (0 without one). */
  public long spilled() {
    return spill == null ? 0 : spill.size();
  }

  /**
   * Waits (up to 60 s) until every batch published so far was sent or spilled; throws if samples were lost since
   * the last flush (dropped for want of a spill queue, or beyond its budget).
   */
  @Override
  public void flush() {
    long target;
    synchronized (progress) {
      if (queue.offer(FLUSH)) { // the open window goes now (a full queue: it goes at its end or at close)
        submitted++;
      }
      target = submitted;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (progress) {
      while (handled < target && System.nanoTime() < deadline) {
        try {
          progress.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    Exception e = firstLoss.getAndSet(null);
    if (e != null) {
      throw new IllegalStateException("publishing to " + topic + " lost samples: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    running = false;
    queue.offer(STOP); // wakes the sender; if the queue is full it is busy anyway
    try {
      sender.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.interrupt();
    producer.close(Duration.ofSeconds(5));
    if (spill != null) {
      try {
        spill.close();
      } catch (IOException e) {
        LOG.warn("closing the spill queue: {}", e.toString());
      }
    }
  }
}
