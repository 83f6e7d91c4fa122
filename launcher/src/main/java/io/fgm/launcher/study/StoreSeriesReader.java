package io.fgm.launcher.study;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import io.fgm.query.store.SampleRowFiles;
import io.fgm.query.store.StoreLayout;
import io.fgm.studies.io.ParsedSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one container's metric from the raw tier's wide Parquet store ({@code
 * <store>/dt=YYYY-MM-DD/node=<node>/*.parquet}, see SCHEMA.md) with the query service's readers:
 * only the day partitions of the range (and the node when given) are listed; the label and metric
 * columns of those files say which containers and metrics exist (to resolve {@code --container} and
 * to answer "unknown" with what is there); then only the metric's column is read, with a Parquet
 * filter on container id and time, so row groups of other containers are skipped. The thin I/O shell around
 * the pure {@link ContainerMatch} and {@link SecondGrid}.
 */
final class StoreSeriesReader {
    private StoreSeriesReader() {}

    /** What was read: the series on a one-second grid and the container it belongs to. */
    record StoreSeries(ParsedSeries series, ContainerInfo container, int samples) {}

    static StoreSeries read(Path store, String container, String metric, TimeRange range, String node)
            throws IOException {
        if (!Files.isDirectory(store)) {
            throw new IllegalArgumentException("no store at " + store
                    + " (run ./fgm up, or give --store DIR: the directory holding dt=YYYY-MM-DD/)");
        }
        List<Path> files = new ArrayList<>();
        for (StoreLayout.Partition p : StoreLayout.partitions(store, range,
                n -> node == null || node.equals(n))) {
            files.addAll(StoreLayout.dataFiles(p.dir()));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no data in " + store + " between "
                    + Instant.ofEpochMilli(range.fromMs()) + " and " + Instant.ofEpochMilli(range.toMs())
                    + (node == null ? "" : " on node " + node));
        }
        Map<String, ContainerInfo> known = new HashMap<>();
        for (Path f : files) {
            SampleRowFiles.summarize(f, Files.size(f), Files.getLastModifiedTime(f).toMillis())
                    .containers().forEach((id, info) -> known.merge(id, info, ContainerInfo::merge));
        }
        ContainerInfo c = ContainerMatch.resolve(container, known.values());
        if (!c.metrics().contains(metric)) {
            throw new IllegalArgumentException("unknown metric '" + metric + "' for container "
                    + ContainerMatch.describe(c) + "; it has: " + String.join(", ", c.metrics()));
        }
        Samples samples = new Samples();
        for (Path f : files) {
            SampleRowFiles.readValues(f, metric, Set.of(c.containerId()), range,
                    (id, t, v) -> samples.add(t, v));
        }
        if (samples.count == 0) {
            throw new IllegalArgumentException("no samples of " + metric + " for container "
                    + ContainerMatch.describe(c) + " between " + Instant.ofEpochMilli(range.fromMs())
                    + " and " + Instant.ofEpochMilli(range.toMs()) + "; it has data from "
                    + Instant.ofEpochMilli(c.firstSeenMs()) + " to " + Instant.ofEpochMilli(c.lastSeenMs()));
        }
        return new StoreSeries(SecondGrid.of(samples.times, samples.values, samples.count), c,
                samples.count);
    }

    /** The rows read so far, in file order (files sorted by partition then name). */
    private static final class Samples {
        long[] times = new long[1024];
        double[] values = new double[1024];
        int count;

        void add(long t, double v) {
            if (count == times.length) {
                times = Arrays.copyOf(times, 2 * count);
                values = Arrays.copyOf(values, 2 * count);
            }
            times[count] = t;
            values[count++] = v;
        }
    }
}
