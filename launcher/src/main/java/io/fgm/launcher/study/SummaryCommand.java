package io.fgm.launcher.study;

import io.fgm.studies.summary.Summaries;
import io.fgm.studies.summary.SummaryOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fgm study summary}: statistics, gaps, trend and leak score. */
@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = "avg/min/max/stddev/p50/p95/p99/last, gaps, trend and leak score.")
public final class SummaryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StudyInput input;

    @Option(names = "--limit", description = "limit the series must stay under (e.g. memory limit)")
    Double limit;

    @Option(names = "--interval-ms", defaultValue = "0",
            description = "expected sampling interval (default: median of the timestamps, or 1000)")
    long intervalMs;

    @Option(names = "--alpha", defaultValue = "0.05", description = "trend test level (default 0.05)")
    double alpha;

    @Override
    public Integer call() {
        return StudyRunner.run(spec, input, series -> Summaries.summarize(series.values(),
                series.timestampsMs(), new SummaryOptions(intervalMs, alpha, limit, 86_400)));
    }
}
