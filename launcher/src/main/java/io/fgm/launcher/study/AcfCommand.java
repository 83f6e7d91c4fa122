package io.fgm.launcher.study;

import io.fgm.studies.periodicity.Acf;
import io.fgm.studies.periodicity.AcfWindow;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fgm study acf}: R's acf values per lag, over the whole series or per window. */
@Command(
        name = "acf",
        mixinStandardHelpOptions = true,
        description = "Autocorrelation per lag (R's acf, na.pass), whole series or per window.")
public final class AcfCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StudyInput input;

    @Option(names = "--max-lag", required = true, description = "largest lag")
    int maxLag;

    @Option(names = "--window", description = "window size; without it, the whole series")
    Integer window;

    @Option(names = "--step", description = "samples between windows (default: the window size)")
    Integer step;

    /** The JSON shape of the whole-series answer. */
    public record WholeSeries(int count, int maxLag, double[] acf) {}

    /** The JSON shape of the per-window answer. */
    public record Windowed(int window, int step, int maxLag, List<AcfWindow> windows) {}

    @Override
    public Integer call() {
        return StudyRunner.run(spec, input, series -> {
            if (window == null) {
                double[] acf = Acf.acf(series.values(), maxLag);
                return new WholeSeries(series.values().length, acf.length - 1, acf);
            }
            int s = step == null ? window : step;
            return new Windowed(window, s, maxLag, Acf.sliding(series.values(), window, s, maxLag));
        });
    }
}
