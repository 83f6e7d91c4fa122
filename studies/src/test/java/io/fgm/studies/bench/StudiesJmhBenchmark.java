package io.fgm.studies.bench;

import io.fgm.studies.changepoint.ChangepointOptions;
import io.fgm.studies.changepoint.ChangepointResult;
import io.fgm.studies.changepoint.Changepoints;
import io.fgm.studies.changepoint.CostFunction;
import io.fgm.studies.changepoint.Penalty;
import io.fgm.studies.changepoint.Scaling;
import io.fgm.studies.periodicity.Periodicity;
import io.fgm.studies.periodicity.PeriodicityOptions;
import io.fgm.studies.periodicity.PeriodicityResult;
import io.fgm.studies.summary.SeriesSummary;
import io.fgm.studies.summary.Summaries;
import io.fgm.studies.summary.SummaryOptions;
import io.fgm.studies.summary.TheilSenAccess;
import io.fgm.studies.testdata.PlantedSeries;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the studies: PELT on 3,600 / 28,800 / 86,400 points of pure noise, 4 changes
 * ("few") and one change per 100 points ("many"), for each cost and penalty; periodicity on 3,600
 * points; the summary of 86,400 points. Sampled time per call in milliseconds (JMH reports the
 * median and the minimum as p0.50 and p0.00, which say more than a mean on the shared, loaded
 * machine); Theil–Sen alone on 1,500 and 3,600 points (randomized selection against the previous
 * all-pairs listing); the summary of 3,600 and 86,400 points with and without an OOM drop; few
 * forks and iterations so the whole set finishes in minutes (see the README for
 * the command and the table). Goals from issue 5: PELT 28,800 ≤ 50 ms, periodicity 3,600 ≤ 2 ms.
 *
 * <p>{@link #main} takes JMH's usual command line.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class StudiesJmhBenchmark {

    /** One PELT case: a series shape and length, a cost and a penalty. */
    @State(Scope.Benchmark)
    public static class PeltCase {
        @Param({"3600", "28800", "86400"})
        public int n;

        @Param({"noise", "few", "many"})
        public String shape;

        @Param({"mean", "meanvar"})
        public String cost;

        @Param({"mbic", "bic", "10"})
        public String penalty;

        double[] values;
        ChangepointOptions options;

        @Setup(Level.Trial)
        public void setUp() {
            values = switch (shape) {
                case "noise" -> PlantedSeries.noise(n, 42);
                case "few" -> PlantedSeries.meanSteps(n, PlantedSeries.evenChanges(n, 4), 3, 42);
                case "many" -> PlantedSeries.meanSteps(n,
                        PlantedSeries.evenChanges(n, n / 100 - 1), 3, 42);
                default -> throw new IllegalArgumentException("unknown shape " + shape);
            };
            CostFunction c = cost.equals("mean") ? CostFunction.MEAN : CostFunction.MEAN_VAR;
            // the mean cost assumes unit variance, so it runs on MAD-scaled data as by default
            options = new ChangepointOptions(c, Penalty.parse(penalty), 0,
                    c == CostFunction.MEAN ? Scaling.MAD : Scaling.NONE);
        }
    }

    /** Inputs of the periodicity and summary cases. */
    @State(Scope.Benchmark)
    public static class OtherCases {
        double[] periodic;
        double[] leak;

        @Setup(Level.Trial)
        public void setUp() {
            periodic = PlantedSeries.periodicSpikes(3_600, 12, 12, 1, 1);
            leak = PlantedSeries.leakWithDrop(86_400, 60_000, 500e6, 5e3, 1e6, 3);
        }
    }

    @Benchmark
    public ChangepointResult pelt(PeltCase c) {
        return Changepoints.detect(c.values, c.options);
    }

    /** One Theil–Sen case: n points of a noisy ramp, by selection or by listing all pairs. */
    @State(Scope.Benchmark)
    public static class TheilSenCase {
        @Param({"1500", "3600"})
        public int n;

        @Param({"selection", "allPairs"})
        public String impl;

        double[] t;
        double[] y;

        @Setup(Level.Trial)
        public void setUp() {
            y = PlantedSeries.leakWithDrop(n, n, 500e6, 5e3, 1e6, 5);
            t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = i;
            }
        }
    }

    /**
     * One summary case: a leak of n points with an OOM drop at 70% ("drop": the leak is analysed
     * after it) or without ("ramp": the leak reuses the trend's slope).
     */
    @State(Scope.Benchmark)
    public static class SummaryCase {
        @Param({"3600", "86400"})
        public int n;

        @Param({"drop", "ramp"})
        public String shape;

        double[] values;

        @Setup(Level.Trial)
        public void setUp() {
            values = PlantedSeries.leakWithDrop(n, shape.equals("drop") ? n * 7 / 10 : n, 500e6,
                    5e3, 1e6, 3);
        }
    }

    @Benchmark
    public double theilSen(TheilSenCase c) {
        return c.impl.equals("selection") ? TheilSenAccess.selection(c.t, c.y)
                : TheilSenAccess.allPairs(c.t, c.y);
    }

    @Benchmark
    public SeriesSummary summary(SummaryCase c) {
        return Summaries.summarize(c.values, SummaryOptions.defaults().withLimit(2e9));
    }

    @Benchmark
    public PeriodicityResult periodicity3600(OtherCases c) {
        return Periodicity.analyse(c.periodic, PeriodicityOptions.defaults());
    }

    @Benchmark
    public SeriesSummary summary86400(OtherCases c) {
        return Summaries.summarize(c.leak, SummaryOptions.defaults().withLimit(2e9));
    }

    /**
     * Runs JMH with its usual command line (for example {@code -p n=28800 pelt}); with no
     * arguments, every benchmark of this class.
     */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args
                : new String[] {StudiesJmhBenchmark.class.getSimpleName()});
    }
}
