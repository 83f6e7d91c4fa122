package io.fgm.studies.changepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Tests for {@link Changepoints}: answers worked by hand from R's changepoint 2.3 formulas. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChangepointKnownAnswersTest {
    private static final double LN_2PI = Math.log(2 * Math.PI);

    private static ChangepointResult detect(double[] x, CostFunction cost, Penalty penalty) {
        return Changepoints.detect(x, new ChangepointOptions(cost, penalty, 0, Scaling.NONE));
    }

    private static int[] indices(ChangepointResult r) {
        return r.changepoints().stream().mapToInt(Changepoint::index).toArray();
    }

    @Test
    void a_clean_step_in_mean_costs_zero_plus_one_penalty() {
        ChangepointResult r = detect(new double[] {0, 0, 0, 10, 10, 10}, CostFunction.MEAN,
                Penalty.manual(1));
        assertArrayEquals(new int[] {3}, indices(r));
        assertEquals(1.0, r.totalCost(), 1e-12);
        assertEquals(0.0, r.changepoints().get(0).meanBefore(), 0);
        assertEquals(10.0, r.changepoints().get(0).meanAfter(), 0);
        assertNull(r.changepoints().get(0).relativeChange(), "relative to a zero mean is undefined");
        // merging the two segments would cost 6·25 = 150 instead of 0 + 0 + 1
        assertEquals(149.0, r.changepoints().get(0).costImprovement(), 1e-9);
    }

    @Test
    void mbic_adds_three_ln_n_per_change_and_ln_len_per_segment() {
        ChangepointResult r = detect(new double[] {0, 0, 0, 10, 10, 10}, CostFunction.MEAN,
                Penalty.mbic());
        assertEquals(3 * Math.log(6), r.penaltyValue(), 1e-12);
        assertArrayEquals(new int[] {3}, indices(r));
        assertEquals(2 * Math.log(3) + 3 * Math.log(6), r.totalCost(), 1e-12);
    }

    @Test
    void bic_is_two_ln_n_for_the_mean_and_three_ln_n_for_mean_and_variance() {
        assertEquals(2 * Math.log(100), Penalty.bic().value(CostFunction.MEAN, 100), 1e-12);
        assertEquals(3 * Math.log(100), Penalty.bic().value(CostFunction.MEAN_VAR, 100), 1e-12);
        assertEquals(4 * Math.log(100), Penalty.mbic().value(CostFunction.MEAN_VAR, 100), 1e-12);
    }

    @Test
    void the_mean_cost_without_change_is_the_sum_of_squared_deviations() {
        // 1, 2, 3: mean 2, SSE 2; a change would save at most 2 but costs 10
        ChangepointResult r = detect(new double[] {1, 2, 3}, CostFunction.MEAN, Penalty.manual(10));
        assertEquals(0, r.changepoints().size());
        assertEquals(2.0, r.totalCost(), 1e-12);
    }

    @Test
    void a_change_in_variance_is_found_with_the_normal_likelihood_cost() {
        double[] x = {1, 2, 1, 2, 10, 20, 10, 20};
        ChangepointResult r = detect(x, CostFunction.MEAN_VAR, Penalty.bic());
        assertArrayEquals(new int[] {4}, indices(r));
        double expected = 4 * (LN_2PI + Math.log(0.25) + 1) + 4 * (LN_2PI + Math.log(25) + 1)
                + 3 * Math.log(8);
        assertEquals(expected, r.totalCost(), 1e-9);
        assertEquals(0.25, r.changepoints().get(0).varianceBefore(), 1e-12);
        assertEquals(25.0, r.changepoints().get(0).varianceAfter(), 1e-12);
    }

    @Test
    void a_constant_segment_has_its_variance_floored_at_1e_11() {
        ChangepointResult r = detect(new double[] {5, 5, 5, 5}, CostFunction.MEAN_VAR,
                Penalty.bic());
        assertEquals(0, r.changepoints().size());
        assertEquals(4 * (LN_2PI + Math.log(1e-11) + 1), r.totalCost(), 1e-9);
    }

    @Test
    void ties_go_to_the_smallest_changepoint() {
        // 0 0 | 5 | 0 0? with penalty 0 every split ties; here two positions give equal cost
        double[] x = {0, 0, 1, 1};
        ChangepointResult r = detect(x, CostFunction.MEAN, Penalty.manual(0));
        // with a zero penalty and zero-cost segments, [0,2) + [2,4) is optimal: cost 0
        assertEquals(0.0, r.totalCost(), 1e-12);
        assertArrayEquals(new int[] {2}, indices(r), "no extra zero-gain splits after ties");
    }

    @Test
    void missing_values_are_skipped_and_indices_refer_to_the_original_series() {
        double[] x = {0, Double.NaN, 0, 0, 10, Double.NaN, 10, 10};
        long[] t = {1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000};
        ChangepointResult r = Changepoints.detect(x, t,
                new ChangepointOptions(CostFunction.MEAN, Penalty.manual(1), 0, Scaling.NONE));
        assertEquals(2, r.missing());
        assertEquals(6, r.count());
        assertArrayEquals(new int[] {4}, indices(r));
        assertEquals(5000L, r.changepoints().get(0).timeMs());
        List<Segment> s = r.segments();
        assertEquals(0, s.get(0).start());
        assertEquals(4, s.get(0).end());
        assertEquals(3, s.get(0).count());
        assertEquals(8, s.get(1).end());
    }

    @Test
    void mad_scaling_divides_by_mad_of_the_differences_over_root_two() {
        // diff = 1 2 3 4 5: median 3, absolute deviations 2 1 0 1 2, median 1
        double[] x = {0, 1, 3, 6, 10, 15};
        ChangepointResult r = Changepoints.detect(x,
                new ChangepointOptions(CostFunction.MEAN, Penalty.bic(), 0, Scaling.MAD));
        assertEquals(1.4826 / Math.sqrt(2), r.scale(), 1e-12);
    }

    @Test
    void mad_scaling_falls_back_to_the_mean_absolute_deviation_when_the_mad_is_zero() {
        // diff = 2 -2 2 -2 2 -2 2: median 2, deviations 0 4 0 4 0 4 0: MAD 0, mean 12/7
        double[] x = {0, 2, 0, 2, 0, 2, 0, 2};
        ChangepointResult r = Changepoints.detect(x,
                new ChangepointOptions(CostFunction.MEAN, Penalty.bic(), 0, Scaling.MAD));
        assertEquals(12.0 / 7 * Math.sqrt(Math.PI / 2) / Math.sqrt(2), r.scale(), 1e-12);
    }

    @Test
    void an_empty_or_all_missing_series_has_no_segments() {
        ChangepointResult r = Changepoints.detect(new double[] {Double.NaN, Double.NaN},
                ChangepointOptions.defaults());
        assertEquals(0, r.count());
        assertEquals(2, r.missing());
        assertTrue(r.segments().isEmpty());
    }

    @Test
    void the_mean_and_variance_cost_refuses_one_value_segments() {
        assertThrows(IllegalArgumentException.class, () -> new ChangepointOptions(
                CostFunction.MEAN_VAR, Penalty.bic(), 1, Scaling.NONE));
    }

    @Test
    void penalties_parse_from_their_command_line_names() {
        assertEquals(Penalty.mbic(), Penalty.parse("MBIC"));
        assertEquals(Penalty.bic(), Penalty.parse("bic"));
        assertEquals(Penalty.manual(12.5), Penalty.parse("12.5"));
        assertThrows(IllegalArgumentException.class, () -> Penalty.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> Penalty.parse("aic"));
    }
}
