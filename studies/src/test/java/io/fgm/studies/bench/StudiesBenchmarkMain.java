package io.fgm.studies.bench;

import io.fgm.studies.changepoint.ChangepointOptions;
import io.fgm.studies.changepoint.Changepoints;
import io.fgm.studies.changepoint.CostFunction;
import io.fgm.studies.changepoint.Penalty;
import io.fgm.studies.changepoint.Scaling;
import io.fgm.studies.periodicity.Periodicity;
import io.fgm.studies.periodicity.PeriodicityOptions;
import io.fgm.studies.summary.Summaries;
import io.fgm.studies.summary.SummaryOptions;
import io.fgm.studies.testdata.PlantedSeries;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A small wall-clock benchmark of the studies (not a test, and not JMH: the benchmark module will
 * get JMH later). Every case warms up (at least 3 runs and 300 ms), then repeats until it has 9
 * samples or has spent its time budget (4 s, 1 s with {@code quick}), and prints median, min and
 * max in milliseconds.
 *
 * <p>Run after {@code mvn -q -pl studies test-compile}: {@code java -cp
 * studies/target/classes:studies/target/test-classes:<commons-math3.jar>
 * io.fgm.studies.bench.StudiesBenchmarkMain [quick]} (see the README).
 */
public final class StudiesBenchmarkMain {
    private static final int SAMPLES = 9;
    private static long budgetNanos = 4_000_000_000L;

    private StudiesBenchmarkMain() {}

    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        if (quick) {
            budgetNanos = 1_000_000_000L;
        }
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s %6s %s%n", "case", "median", "min", "max",
                "runs", "result");
        for (int n : new int[] {3_600, 28_800, 86_400}) {
            for (String shape : new String[] {"noise", "few", "many"}) {
                double[] x = series(shape, n);
                for (CostFunction cost : CostFunction.values()) {
                    for (Penalty penalty : new Penalty[] {Penalty.mbic(), Penalty.bic(),
                            Penalty.manual(10)}) {
                        ChangepointOptions options = new ChangepointOptions(cost, penalty, 0,
                                cost == CostFunction.MEAN ? Scaling.MAD : Scaling.NONE);
                        String name = String.format(Locale.ROOT, "pelt %s n=%d %s %s",
                                cost == CostFunction.MEAN ? "mean" : "meanvar", n, shape,
                                penalty.type() == Penalty.Type.MANUAL ? "pen=10"
                                        : penalty.type().name().toLowerCase(Locale.ROOT));
                        time(name, () -> Changepoints.detect(x, options).changepoints().size()
                                + " changepoints");
                    }
                }
            }
        }
        double[] periodic = PlantedSeries.periodicSpikes(3_600, 12, 12, 1, 1);
        time("periodicity n=3600 period 12", () -> "period "
                + Periodicity.analyse(periodic, PeriodicityOptions.defaults()).dominantPeriod());
        double[] noise = PlantedSeries.noise(3_600, 2);
        time("periodicity n=3600 noise", () -> "period "
                + Periodicity.analyse(noise, PeriodicityOptions.defaults()).dominantPeriod());
        double[] leak = PlantedSeries.leakWithDrop(86_400, 60_000, 500e6, 5e3, 1e6, 3);
        time("summary n=86400 leak", () -> {
            var s = Summaries.summarize(leak, SummaryOptions.defaults().withLimit(2e9));
            return s.trend().trend() + String.format(Locale.ROOT, " leak %.2f", s.leak().score());
        });
    }

    private static double[] series(String shape, int n) {
        return switch (shape) {
            case "noise" -> PlantedSeries.noise(n, 42);
            case "few" -> PlantedSeries.meanSteps(n, PlantedSeries.evenChanges(n, 4), 3, 42);
            default -> PlantedSeries.meanSteps(n, PlantedSeries.evenChanges(n, n / 100 - 1), 3, 42);
        };
    }

    private static void time(String name, Supplier<String> work) {
        String result = "";
        long start = System.nanoTime();
        // warm up: at least 3 runs and 300 ms (so the JIT has compiled fast cases), at most half
        // the budget
        for (int i = 0; (i < 3 || System.nanoTime() - start < 300_000_000L)
                && System.nanoTime() - start < budgetNanos / 2; i++) {
            result = work.get();
        }
        long[] samples = new long[SAMPLES];
        int runs = 0;
        start = System.nanoTime();
        while (runs < SAMPLES && (runs < 1 || System.nanoTime() - start < budgetNanos)) {
            long t0 = System.nanoTime();
            result = work.get();
            samples[runs++] = System.nanoTime() - t0;
        }
        long[] s = Arrays.copyOf(samples, runs);
        Arrays.sort(s);
        double median = runs % 2 == 1 ? s[runs / 2] : (s[runs / 2 - 1] + s[runs / 2]) / 2.0;
        System.out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %9.2f %6d %s%n", name, median / 1e6,
                s[0] / 1e6, s[runs - 1] / 1e6, runs, result);
    }
}
