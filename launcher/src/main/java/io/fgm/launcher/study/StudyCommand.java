package io.fgm.launcher.study;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fgm study}: runs a study over a CSV file and prints JSON, so that a person can check a
 * finding by hand. The Parquet-store source ({@code --container --metric --from --to}) is not here
 * yet; every subcommand reads a CSV file ({@link StudyInput}).
 */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = "Changepoints, periodicity, ACF and summaries of a series, as JSON.",
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
