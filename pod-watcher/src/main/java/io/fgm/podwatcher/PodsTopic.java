package io.fgm.podwatcher;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pod metadata topic when it is missing, with {@code cleanup.policy=compact}: Kafka then keeps the
 * latest record per pod UID and drops deleted pods after their tombstone, so a consumer reading from the start
 * gets the current set of pods however long the watcher has run.
 */
public final class PodsTopic {
  private static final Logger LOG = LoggerFactory.getLogger(PodsTopic.class);

  private PodsTopic() {}

  /** The topic's configuration when created here. */
  static Map<String, String> topicConfig() {
    return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
  }

  /**
   * Creates {@code topic} if missing; warns when an existing topic is not compacted (it is left as it is: changing
   * a topic someone else made is an operator's decision).
   *
   * @return true when this call created it
   * @throws Exception when Kafka does not answer within {@code timeoutMs} (the caller retries with backoff)
   */
  public static boolean ensure(String bootstrapServers, String topic, int partitions, short replicationFactor,
      long timeoutMs) throws Exception {
    Map<String, Object> props = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "fgm-pod-watcher-admin",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
    try (Admin admin = Admin.create(props)) {
      boolean created = false;
      try {
        admin.createTopics(Set.of(new NewTopic(topic, Optional.of(partitions), Optional.of(replicationFactor))
                .configs(topicConfig())))
            .all().get(timeoutMs, TimeUnit.MILLISECONDS);
        LOG.info("Created topic {} ({} partitions, replication {}, cleanup.policy=compact)",
            topic, partitions, replicationFactor);
        created = true;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      if (!created) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(Set.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS)
            .get(resource);
        var policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
          LOG.warn("Topic {} exists with cleanup.policy={}, not compact: deleted pods will not be dropped and a "
              + "consumer may miss pods older than the retention; set cleanup.policy=compact on it",
              topic, policy == null ? "?" : policy.value());
        } else {
          LOG.info("Topic {} exists and is compacted", topic);
        }
      }
      return created;
    } catch (TimeoutException e) {
      throw new TimeoutException("Kafka at " + bootstrapServers + " did not answer within " + timeoutMs + " ms");
    }
  }
}
