package io.fgm.studies.changepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.studies.SeriesInput;
import io.fgm.studies.testdata.PlantedSeries;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Tests for {@link SolverWorkspace} and the allocation-free helpers around it: a reused workspace
 * answers exactly as a fresh one, and the selection-based robust scale and the array-free mean equal
 * the sorting and prefix-sum versions they replace.
 */
class SolverWorkspaceTest {

    @org.junit.jupiter.api.Test
    void a_reused_workspace_answers_exactly_as_a_fresh_one() throws Exception {
        double[] longSeries = PlantedSeries.meanSteps(3_000, PlantedSeries.evenChanges(3_000, 6), 3, 7);
        double[] shortSeries = PlantedSeries.noise(500, 8);
        for (CostFunction cost : CostFunction.values()) {
            for (Penalty penalty : new Penalty[] {Penalty.mbic(), Penalty.bic(), Penalty.manual(4)}) {
                ChangepointOptions options = new ChangepointOptions(cost, penalty, 0, Scaling.MAD);
                // a fresh thread has a fresh workspace
                AtomicReference<ChangepointResult> fresh = new AtomicReference<>();
                Thread thread = new Thread(() -> fresh.set(Changepoints.detect(longSeries, options)));
                thread.start();
                thread.join();
                // this thread's workspace has seen a long series, then a short one
                Changepoints.detect(longSeries, options);
                Changepoints.detect(shortSeries, options);
                ChangepointResult reused = Changepoints.detect(longSeries, options);
                assertEquals(fresh.get().totalCost(), reused.totalCost(), cost + " " + penalty);
                assertArrayEquals(indices(fresh.get()), indices(reused), cost + " " + penalty);
            }
        }
    }

    private static int[] indices(ChangepointResult result) {
        return result.changepoints().stream().mapToInt(Changepoint::index).toArray();
    }

    @Property(tries = 300)
    @Label("the median by selection equals the median of the sorted values")
    void median_by_selection_equals_median_of_sorted_values(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            // many ties, as in the differences of integer-valued or constant data
            a[i] = r.nextBoolean() ? r.nextInt(4) : r.nextGaussian();
        }
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        assertEquals(RobustScale.median(sorted), RobustScale.median(a.clone(), n));
    }

    @Property(tries = 200)
    @Label("scale and centre skip the missing values and equal those of the values present")
    void scale_and_centre_over_present_values_equal_those_of_the_compacted_series(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int n) {
        Random r = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = r.nextInt(5) == 0 ? Double.NaN
                    : r.nextBoolean() ? r.nextInt(3) : 1e9 + r.nextGaussian();
        }
        int[] present = SeriesInput.presentIndices(values);
        double[] x = new double[present.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = values[present[i]];
        }
        assertEquals(sortedNoiseScale(x),
                RobustScale.noiseScale(values, present, x.length, new double[n]));
        if (x.length > 0) {
            assertEquals(new PrefixSums(x).mean(0, x.length),
                    PrefixSums.mean(values, present, x.length));
        }
    }

    /** The previous implementation: mad(diff(x))/√2 by sorting, with its fallbacks. */
    private static double sortedNoiseScale(double[] x) {
        if (x.length < 2) {
            return 1;
        }
        double[] d = new double[x.length - 1];
        for (int i = 1; i < x.length; i++) {
            d[i - 1] = x[i] - x[i - 1];
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double centre = RobustScale.median(sorted);
        double[] dev = new double[d.length];
        double sumAbs = 0;
        for (int i = 0; i < d.length; i++) {
            dev[i] = Math.abs(d[i] - centre);
            sumAbs += dev[i];
        }
        Arrays.sort(dev);
        double mad = RobustScale.MAD_CONSTANT * RobustScale.median(dev);
        if (mad > 0) {
            return mad / Math.sqrt(2);
        }
        double meanAbs = sumAbs / dev.length * Math.sqrt(Math.PI / 2);
        return meanAbs > 0 ? meanAbs / Math.sqrt(2) : 1;
    }
}
