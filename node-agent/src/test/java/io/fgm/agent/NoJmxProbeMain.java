package io.fgm.agent;

import io.fgm.agent.publish.KafkaSamplePublisher;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Child JVM of {@link NoJmxMBeanServerBuilderITCase}: builds the agent's Kafka producer (it registers its app-info
 * MBean in the constructor; the bootstrap address is never reached), reads the agent's own CPU time the way
 * SelfMonitor does, and prints what the platform MBean server holds.
 */
public final class NoJmxProbeMain {
  private NoJmxProbeMain() {}

  public static void main(String[] args) throws Exception {
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
        KafkaSamplePublisher.producerProperties("127.0.0.1:1", "probe", "lz4"), new StringSerializer(),
        new ByteArraySerializer())) {
      MBeanServer s = ManagementFactory.getPlatformMBeanServer();
      long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      System.out.println("server=" + s.getClass().getName());
      System.out.println("mbeans=" + s.queryNames(new ObjectName("*:*"), null).size());
      System.out.println("cpu_positive=" + (cpu > 0));
      p.close(Duration.ofSeconds(1));
    }
    System.out.println("closed");
  }
}
