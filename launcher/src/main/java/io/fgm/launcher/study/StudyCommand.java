package io.fgm.launcher.study;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fgm study}: runs a study over a CSV file or over one container's metric in the Parquet
 * store ({@code --container --metric --from --to}) and prints JSON, so that a person can check a
 * finding by hand ({@link StudyInput}).
 */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = {
            "Changepoints, periodicity, ACF and summaries of a series, as JSON.",
            "The series is a CSV FILE (values, or t,value rows; NaN = missing) or, with",
            "--container and --metric, one container's metric from the Parquet store",
            "(--store, default data/store/raw) on a 1-second grid: a missing second is NaN.",
            "Examples:",
            "  fgm study changepoint --container web-1/app --metric cpu.usage_millicores",
            "      --from -2h --to now",
            "  fgm study summary series.csv"
        },
        subcommands = {
            ChangepointCommand.class,
            PeriodicityCommand.class,
            AcfCommand.class,
            SummaryCommand.class
        })
public final class StudyCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code fgm study ...} on its own, for tests and scripts. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new StudyCommand()).execute(args));
    }
}
