package io.fgm.agent.bench;

import io.fgm.testkit.EmbeddedKafkaBroker;
import java.nio.file.Path;

/**
 * The footprint benchmark's Kafka broker, in a JVM of its own so that its CPU is not counted as the agent's:
 * {@code BrokerMain DIR PORT TOPIC}. Starts a KRaft broker on 127.0.0.1:PORT with data in DIR, creates TOPIC, prints
 * {@code READY 127.0.0.1:PORT} and runs until killed.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.create(Path.of(args[0]), Integer.parseInt(args[1])).start();
    broker.createTopics(2, args[2]);
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    System.out.println("READY " + broker.bootstrapServers());
    System.out.flush();
    Thread.currentThread().join();
  }
}
