package io.fgm.flink.types;

import io.fgm.flink.bench.Fleet;
import io.fgm.schema.ContainerSample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Thread-CPU benchmark of the sample serializer's per-value work, old and new format side by side in one JVM
 * (names as UTF, {@link ContainerSampleSerializer#legacyNames()}, against one key byte per catalogue metric).
 *
 * <pre>java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *     io.fgm.flink.types.PerValueBench [containers=100] [seconds=60] [reps=15]</pre>
 */
public final class PerValueBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    int containers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Fleet fleet = Fleet.of("realistic", 1, containers, 42);
    List<List<ContainerSample>> byContainer = new ArrayList<>();
    long values = 0;
    for (int c = 0; c < containers; c++) {
      byContainer.add(new ArrayList<>());
    }
    for (int s = 0; s < seconds; s++) {
      for (int c = 0; c < containers; c++) {
        ContainerSample x = fleet.next(c, 1_700_000_000_000L + s * 1000L);
        byContainer.get(c).add(x);
        values += x.metrics().size();
      }
    }
    long[][] t = new long[2][reps];
    for (int r = 0; r < reps + 3; r++) {
      long[] run = {
        serde(ContainerSampleSerializer.legacyNames(), byContainer),
        serde(ContainerSampleSerializer.INSTANCE, byContainer)
      };
      if (r >= 3) { // warm-up
        for (int v = 0; v < t.length; v++) {
          t[v][r - 3] = run[v];
        }
      }
    }
    String[] names = {"serde names (old)", "serde key bytes (new)"};
    System.out.printf("%d samples, %d values; ns of thread CPU per value, median [min..max] of %d%n",
        containers * seconds, values, reps);
    for (int v = 0; v < t.length; v++) {
      long[] x = t[v].clone();
      Arrays.sort(x);
      System.out.printf("%-24s %6.1f [%.1f..%.1f]%n", names[v], x[reps / 2] / (double) values,
          x[0] / (double) values, x[reps - 1] / (double) values);
    }
  }

  private static long serde(TypeSerializer<ContainerSample> ser, List<List<ContainerSample>> samples)
      throws Exception {
    long t0 = THREADS.getCurrentThreadCpuTime();
    DataOutputSerializer out = new DataOutputSerializer(4096);
    DataInputDeserializer in = new DataInputDeserializer();
    long check = 0;
    for (List<ContainerSample> l : samples) {
      for (ContainerSample s : l) {
        out.clear();
        ser.serialize(s, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        check += ser.deserialize(in).metrics().size();
      }
    }
    if (check == 0) {
      throw new IllegalStateException("nothing read");
    }
    return THREADS.getCurrentThreadCpuTime() - t0;
  }
}
