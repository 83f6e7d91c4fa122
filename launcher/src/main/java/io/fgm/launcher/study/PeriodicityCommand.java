package io.fgm.launcher.study;

import io.fgm.studies.periodicity.Periodicity;
import io.fgm.studies.periodicity.PeriodicityOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fgm study periodicity}: dominant period over sliding windows. */
@Command(
        name = "periodicity",
        mixinStandardHelpOptions = true,
        description = "Dominant period, score, amplitude and where the pattern holds.")
public final class PeriodicityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StudyInput input;

    @Option(names = "--window", defaultValue = "60", description = "samples per window (default 60)")
    int window;

    @Option(names = "--step", defaultValue = "0", description = "samples between windows"
            + " (default window/4)")
    int step;

    @Option(names = "--min-period", defaultValue = "2", description = "default 2")
    int minPeriod;

    @Option(names = "--max-period", defaultValue = "0", description = "default window/2")
    int maxPeriod;

    @Option(names = "--min-score", defaultValue = "0.5",
            description = "ACF peak a window needs to count as periodic (default 0.5)")
    double minScore;

    @Override
    public Integer call() {
        return StudyRunner.run(spec, input, series -> Periodicity.analyse(series.values(),
                series.timestampsMs(),
                new PeriodicityOptions(window, step, minPeriod, maxPeriod, minScore, 0.1)));
    }
}
