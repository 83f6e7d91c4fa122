package io.fgm.studies.testdata;

import java.util.Random;

/** Planted-truth series with fixed seeds, shared by the tests and the benchmark runner. */
public final class PlantedSeries {
    private PlantedSeries() {}

    /** Standard normal noise. */
    public static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    /**
     * Unit-variance noise around a mean that moves by ±{@code step} at each of the given change
     * indices (the sign alternates, so levels stay bounded).
     */
    public static double[] meanSteps(int n, int[] changes, double step, long seed) {
        double[] x = noise(n, seed);
        double level = 0;
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (next < changes.length && i == changes[next]) {
                level += next % 2 == 0 ? step : -step;
                next++;
            }
            x[i] += level;
        }
        return x;
    }

    /** Zero-mean noise whose standard deviation alternates between 1 and {@code ratio}. */
    public static double[] varianceSteps(int n, int[] changes, double ratio, long seed) {
        double[] x = noise(n, seed);
        double sd = 1;
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (next < changes.length && i == changes[next]) {
                sd = sd == 1 ? ratio : 1;
                next++;
            }
            x[i] *= sd;
        }
        return x;
    }

    /** Evenly spaced change indices: n/(k+1), 2n/(k+1), ... */
    public static int[] evenChanges(int n, int k) {
        int[] c = new int[k];
        for (int i = 0; i < k; i++) {
            c[i] = (int) ((long) (i + 1) * n / (k + 1));
        }
        return c;
    }

    /**
     * A memory leak: a ramp from {@code base} rising {@code slope} per sample with noise, dropping
     * back to {@code base} at {@code drop} (an OOM kill) and ramping again.
     */
    public static double[] leakWithDrop(int n, int drop, double base, double slope, double noise,
            long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int age = i < drop ? i : i - drop;
            x[i] = base + slope * age + noise * r.nextGaussian();
        }
        return x;
    }

    /** Spikes of {@code height} every {@code period} samples on noise of sd {@code sigma}. */
    public static double[] periodicSpikes(int n, int period, double height, double sigma,
            long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 10 + sigma * r.nextGaussian() + (i % period == 0 ? height : 0);
        }
        return x;
    }
}
