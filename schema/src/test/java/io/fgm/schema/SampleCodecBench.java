package io.fgm.schema;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Times decoding of 100,000 realistic samples (all catalogue metrics, Kubernetes names), generic path vs the
 * hand-walked path, alternating in one JVM; prints thread-CPU medians of 5 [min..max]. Not a test.
 * Run: java -cp target/classes:target/test-classes:$(avro deps) io.fgm.schema.SampleCodecBench
 */
public final class SampleCodecBench {
  public static void main(String[] args) throws Exception {
    int n = 100_000;
    Random rnd = new Random(42);
    byte[][] recs = new byte[n][];
    for (int i = 0; i < n; i++) {
      Map<String, Double> m = new HashMap<>();
      for (Metric metric : Metric.values()) {
        m.put(metric.key(), rnd.nextDouble() * 1e9);
      }
      ContainerSample s = SampleCodecTest.golden();
      recs[i] = SampleCodec.encode(new ContainerSample(s.timestampMs() + i * 1000L, s.node(), s.container(), m));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int rounds = 5;
    long[] generic = new long[rounds];
    long[] fast = new long[rounds];
    long sink = 0;
    for (int warm = 0; warm < 2; warm++) {
      for (byte[] b : recs) {
        sink += SampleCodec.decodeGeneric(b).metrics().size() + SampleCodec.decodeCurrent(b).metrics().size();
      }
    }
    for (int r = 0; r < rounds; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (byte[] b : recs) {
        sink += SampleCodec.decodeGeneric(b).metrics().size();
      }
      long t1 = mx.getCurrentThreadCpuTime();
      for (byte[] b : recs) {
        sink += SampleCodec.decodeCurrent(b).metrics().size();
      }
      long t2 = mx.getCurrentThreadCpuTime();
      generic[r] = t1 - t0;
      fast[r] = t2 - t1;
    }
    System.out.printf("records=%d bytes/record=%d metrics/record=%d sink=%d%n", n, recs[0].length,
        Metric.values().length, sink);
    System.out.println("generic " + summary(generic));
    System.out.println("fast    " + summary(fast));
  }

  private static String summary(long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return String.format("median %d ms [%d..%d] thread CPU", s[s.length / 2] / 1_000_000, s[0] / 1_000_000,
        s[s.length - 1] / 1_000_000);
  }
}
