package io.fgm.launcher.study;

import io.fgm.query.TimeRange;
import io.fgm.studies.io.CsvSeries;
import io.fgm.studies.io.ParsedSeries;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongSupplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The series a study reads, from one of two sources:
 *
 * <ul>
 *   <li>a CSV file with one value per line, or a header {@code t,value} and rows; {@code NaN} for
 *       missing ({@link CsvSeries}); {@code -} reads standard input;
 *   <li>the Parquet store ({@code --container} and {@code --metric}, with {@code --from}, {@code
 *       --to}, {@code --node}, {@code --store}): one container's metric on a one-second grid, a
 *       missing second being NaN ({@link StoreSeriesReader}).
 * </ul>
 */
public final class StudyInput {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "CSV file, or - for standard input. Omit it to read the Parquet store"
                    + " (--container and --metric).")
    Path file;

    @Option(names = "--store", defaultValue = "data/store/raw", paramLabel = "DIR",
            description = "Parquet store: the directory holding dt=YYYY-MM-DD/node=<node>/"
                    + " (default ${DEFAULT-VALUE}, what ./fgm up writes)")
    Path store;

    @Option(names = "--container", paramLabel = "ID|NAME",
            description = "container id, a unique id prefix, or its name: container, pod,"
                    + " pod/container or namespace/pod/container")
    String container;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "metric name, e.g. cpu.usage_millicores or memory.working_set_bytes"
                    + " (an unknown one lists the container's metrics)")
    String metric;

    @Option(names = "--from", defaultValue = "-1h", paramLabel = "TIME",
            description = "start: ISO-8601 (2026-11-24T10:00:00Z; without a zone: UTC), epoch ms,"
                    + " now, or relative to now: -90s, -15m, -1h, -2d (default ${DEFAULT-VALUE})")
    String from;

    @Option(names = "--to", defaultValue = "now", paramLabel = "TIME",
            description = "end, included; same forms as --from (default ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--node", description = "read only this node's partitions")
    String node;

    /** "now" for relative times; replaced in tests. */
    LongSupplier clock = System::currentTimeMillis;

    /**
     * Reads and parses the series; I/O here, parsing in the pure {@link CsvSeries}, {@link
     * SecondGrid} and {@link ContainerMatch}. Says on {@code log} what was read from the store.
     *
     * @throws IllegalArgumentException for bad options or input, with a message for the user
     */
    ParsedSeries read(InputStream stdin, PrintWriter log) throws IOException {
        boolean fromStore = container != null || metric != null;
        if (file != null && fromStore) {
            throw new IllegalArgumentException("give a CSV FILE or --container/--metric, not both");
        }
        if (file == null) {
            if (container == null || metric == null) {
                throw new IllegalArgumentException("give a CSV FILE (or - for standard input), or"
                        + " --container and --metric to read the Parquet store");
            }
            return readStore(log);
        }
        String text = "-".equals(file.toString())
                ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(file, StandardCharsets.UTF_8);
        return CsvSeries.parse(text);
    }

    private ParsedSeries readStore(PrintWriter log) throws IOException {
        long now = clock.getAsLong();
        long fromMs = TimeArgument.parse(from, now);
        long toMs = TimeArgument.parse(to, now);
        if (fromMs > toMs) {
            throw new IllegalArgumentException("--from " + from + " (" + Instant.ofEpochMilli(fromMs)
                    + ") is after --to " + to + " (" + Instant.ofEpochMilli(toMs) + ")");
        }
        StoreSeriesReader.StoreSeries read =
                StoreSeriesReader.read(store, container, metric, new TimeRange(fromMs, toMs), node);
        long[] t = read.series().timestampsMs();
        log.println("fgm study: " + metric + " of " + ContainerMatch.describe(read.container())
                + " on " + read.container().node() + ": " + read.samples() + " samples, "
                + (t.length - read.samples()) + " missing seconds, " + Instant.ofEpochMilli(t[0])
                + " to " + Instant.ofEpochMilli(t[t.length - 1]));
        log.flush();
        return read.series();
    }

    /** What the input is, for error messages. */
    String source() {
        return file != null ? file.toString() : "store " + store;
    }
}
