package io.fgm.launcher.study;

import io.fgm.studies.changepoint.ChangepointOptions;
import io.fgm.studies.changepoint.Changepoints;
import io.fgm.studies.changepoint.CostFunction;
import io.fgm.studies.changepoint.Penalty;
import io.fgm.studies.changepoint.Scaling;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fgm study changepoint}: exact PELT changepoints, R changepoint 2.3 conventions. */
@Command(
        name = "changepoint",
        mixinStandardHelpOptions = true,
        description = "Changepoint indices, segment means/variances and the optimal penalised cost.")
public final class ChangepointCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StudyInput input;

    @Option(names = "--cost", defaultValue = "mean", description = "mean | meanvar (default mean)")
    String cost;

    @Option(names = "--penalty", defaultValue = "mbic",
            description = "mbic | bic | a number >= 0 (default mbic)")
    String penalty;

    @Option(names = "--min-seg", defaultValue = "0",
            description = "minimum segment length (default: 1 for mean, 2 for meanvar)")
    int minSeg;

    @Option(names = "--scale", defaultValue = "mad",
            description = "none | mad: divide by mad(diff(x))/sqrt(2) first (default mad; use none"
                    + " to compare with R on raw data)")
    String scale;

    @Override
    public Integer call() {
        return StudyRunner.run(spec, input, series -> Changepoints.detect(series.values(),
                series.timestampsMs(), new ChangepointOptions(CostFunction.parse(cost),
                        Penalty.parse(penalty), minSeg, Scaling.parse(scale))));
    }
}
