package io.fgm.studies.changepoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.studies.testdata.PlantedSeries;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Tests for {@link Changepoints} on planted-truth series generated with fixed seeds. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PlantedChangesTest {
    private static final int TOLERANCE = 5;

    /** Counts planted changes matched (±5) and detections that match no planted change. */
    private static int[] matches(int[] planted, int[] found) {
        int truePositives = 0;
        for (int p : planted) {
            for (int f : found) {
                if (Math.abs(f - p) <= TOLERANCE) {
                    truePositives++;
                    break;
                }
            }
        }
        int falsePositives = 0;
        for (int f : found) {
            boolean near = false;
            for (int p : planted) {
                near |= Math.abs(f - p) <= TOLERANCE;
            }
            if (!near) {
                falsePositives++;
            }
        }
        return new int[] {truePositives, falsePositives};
    }

    private static int[] indices(ChangepointResult r) {
        return r.changepoints().stream().mapToInt(Changepoint::index).toArray();
    }

    private static void assertPrecisionAndRecall(CostFunction cost, boolean variance) {
        int planted = 0;
        int truePositives = 0;
        int detections = 0;
        int falsePositives = 0;
        // the mean-and-variance solver is slower on long flat stretches: fewer seeds keep the
        // class fast while still planting 60 changes
        int seeds = cost == CostFunction.MEAN ? 20 : 12;
        for (long seed = 1; seed <= seeds; seed++) {
            int[] changes = PlantedSeries.evenChanges(2_000, 5);
            double[] x = variance ? PlantedSeries.varianceSteps(2_000, changes, 4, seed)
                    : PlantedSeries.meanSteps(2_000, changes, 3, seed);
            int[] found = indices(Changepoints.detect(x, ChangepointOptions.defaults()
                    .withCost(cost)));
            int[] m = matches(changes, found);
            planted += changes.length;
            truePositives += m[0];
            falsePositives += m[1];
            detections += found.length;
        }
        double recall = (double) truePositives / planted;
        double precision = detections == 0 ? 0 : (double) (detections - falsePositives) / detections;
        assertTrue(recall >= 0.95, "recall " + recall);
        assertTrue(precision >= 0.95, "precision " + precision);
    }

    @Test
    void steps_in_mean_of_three_sigma_are_found_within_five_samples() {
        assertPrecisionAndRecall(CostFunction.MEAN, false);
    }

    @Test
    void steps_in_mean_are_also_found_by_the_mean_and_variance_cost() {
        assertPrecisionAndRecall(CostFunction.MEAN_VAR, false);
    }

    @Test
    void fourfold_steps_in_standard_deviation_are_found_within_five_samples() {
        assertPrecisionAndRecall(CostFunction.MEAN_VAR, true);
    }

    @Test
    void pure_noise_has_no_changepoint_under_mbic() {
        for (long seed = 100; seed < 105; seed++) {
            double[] x = PlantedSeries.noise(1_500, seed);
            for (CostFunction cost : CostFunction.values()) {
                ChangepointResult r = Changepoints.detect(x,
                        ChangepointOptions.defaults().withCost(cost));
                assertEquals(0, r.changepoints().size(), cost + " seed " + seed);
            }
        }
    }

    @Test
    void pure_noise_with_an_offset_in_bytes_has_no_changepoint_either() {
        double[] x = PlantedSeries.noise(3_000, 7);
        for (int i = 0; i < x.length; i++) {
            x[i] = 2.5e9 + 4096 * x[i];
        }
        for (CostFunction cost : CostFunction.values()) {
            assertEquals(0, Changepoints.detect(x, ChangepointOptions.defaults().withCost(cost))
                    .changepoints().size(), cost.toString());
        }
    }

    @Test
    void a_constant_series_has_no_changepoint_and_no_nan() {
        double[] x = new double[5_000];
        Arrays.fill(x, 42);
        for (CostFunction cost : CostFunction.values()) {
            for (Scaling scaling : Scaling.values()) {
                ChangepointResult r = Changepoints.detect(x,
                        ChangepointOptions.defaults().withCost(cost).withScaling(scaling));
                assertEquals(0, r.changepoints().size());
                assertFalse(Double.isNaN(r.totalCost()));
                assertEquals(42.0, r.segments().get(0).mean(), 0);
            }
        }
    }

    @Test
    void constant_runs_between_noise_are_cut_at_their_ends_by_the_mean_and_variance_cost() {
        double[] x = PlantedSeries.noise(1_200, 3);
        Arrays.fill(x, 400, 800, 0.0);
        int[] found = indices(Changepoints.detect(x,
                ChangepointOptions.defaults().withCost(CostFunction.MEAN_VAR)));
        int[] m = matches(new int[] {400, 800}, found);
        assertEquals(2, m[0], Arrays.toString(found));
    }

    @Test
    void a_memory_leak_ending_in_an_oom_kill_shows_the_drop() {
        double[] x = PlantedSeries.leakWithDrop(3_000, 2_000, 500e6, 100e3, 1e6, 11);
        ChangepointResult r = Changepoints.detect(x, ChangepointOptions.defaults());
        int[] found = indices(r);
        assertEquals(1, matches(new int[] {2_000}, found)[0], Arrays.toString(found));
        Changepoint drop = r.changepoints().stream()
                .filter(c -> Math.abs(c.index() - 2_000) <= TOLERANCE).findFirst().orElseThrow();
        assertTrue(drop.absoluteChange() < -100e6, "the mean falls at the kill");
        assertTrue(drop.costImprovement() > 0);
    }

    @Test
    void gaps_do_not_shift_the_reported_indices() {
        int[] changes = {500, 1_000};
        double[] x = PlantedSeries.meanSteps(1_500, changes, 4, 5);
        for (int i = 700; i < 760; i++) {
            x[i] = Double.NaN;
        }
        ChangepointResult r = Changepoints.detect(x, ChangepointOptions.defaults());
        assertEquals(60, r.missing());
        assertEquals(2, matches(changes, indices(r))[0], Arrays.toString(indices(r)));
    }
}
