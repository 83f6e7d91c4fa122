package io.fgm.studies.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mean-and-variance PELT of two (or more) builds of this module side by side in one JVM: each
 * build's classes in its own class loader, calls alternating between them on the series of {@link
 * StudiesJmhBenchmark} (same generators and seeds), thread CPU time per call. Prints, per case,
 * the UTC time, the 1-minute load average and median [min..max] ms per build, and fails when two
 * builds answer differently (changepoints, costs and everything else in the result's text).
 *
 * <p>On this shared 2-core machine another process's load moves absolute times by up to 1.5×
 * within minutes; alternating the builds call by call puts both under the same load. Each case
 * gets fresh class loaders, so each build's JIT profile is that case's alone, as in a JMH fork
 * (one JVM for all cases let the first case's profile slow the others down by up to 40%).
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp studies/target/test-classes io.fgm.studies.bench.SideBySideCpu \
 *     28800 5 9 old=/tmp/studies-old-classes new=studies/target/classes
 * </pre>
 *
 * Arguments: points, warm-up pairs, measured pairs, then name=classes-directory per build (the
 * test classes and commons-math3 come from this JVM's class path). Optional system properties
 * {@code shapes} (noise,few,many) and {@code penalties} (mbic,bic,10).
 */
public final class SideBySideCpu {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private SideBySideCpu() {}

    /** One build: its classes in their own loader, with the entry points found by reflection. */
    private static final class Build {
        final String name;
        final Method detect;
        final Method noise;
        final Method meanSteps;
        final Method evenChanges;
        final Method parsePenalty;
        final Constructor<?> options;
        final Object meanVar;
        final Object noScaling;

        Build(String name, Path classes) throws Exception {
            this.name = name;
            List<URL> urls = new ArrayList<>();
            urls.add(classes.toUri().toURL());
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL()); // test classes (series), commons-math3
            }
            // parent: the platform loader, so that this build's classes win over the class path's
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]),
                    ClassLoader.getPlatformClassLoader());
            String cp = "io.fgm.studies.changepoint.";
            Class<?> optionsClass = loader.loadClass(cp + "ChangepointOptions");
            detect = loader.loadClass(cp + "Changepoints").getMethod("detect", double[].class,
                    optionsClass);
            Class<?> series = loader.loadClass("io.fgm.studies.testdata.PlantedSeries");
            noise = series.getMethod("noise", int.class, long.class);
            evenChanges = series.getMethod("evenChanges", int.class, int.class);
            meanSteps = Arrays.stream(series.getMethods())
                    .filter(m -> m.getName().equals("meanSteps")).findFirst().orElseThrow();
            Class<?> penalty = loader.loadClass(cp + "Penalty");
            parsePenalty = penalty.getMethod("parse", String.class);
            Class<?> cost = loader.loadClass(cp + "CostFunction");
            Class<?> scaling = loader.loadClass(cp + "Scaling");
            meanVar = enumConstant(cost, "MEAN_VAR");
            noScaling = enumConstant(scaling, "NONE");
            options = optionsClass.getConstructor(cost, penalty, int.class, scaling);
        }

        double[] series(String shape, int n) throws Exception {
            return switch (shape) {
                case "noise" -> (double[]) noise.invoke(null, n, 42L);
                case "few" -> (double[]) meanSteps.invoke(null, n, evenChanges.invoke(null, n, 4), 3.0,
                        42L);
                case "many" -> (double[]) meanSteps.invoke(null, n,
                        evenChanges.invoke(null, n, n / 100 - 1), 3.0, 42L);
                default -> throw new IllegalArgumentException("unknown shape " + shape);
            };
        }

        Object options(String penalty) throws Exception {
            return options.newInstance(meanVar, parsePenalty.invoke(null, penalty), 0, noScaling);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumConstant(Class<?> type, String name) {
            return Enum.valueOf((Class) type, name);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException(
                    "usage: points warm-up-pairs measured-pairs name=classes-dir [name=classes-dir...]");
        }
        int n = Integer.parseInt(args[0]);
        int warm = Integer.parseInt(args[1]);
        int measured = Integer.parseInt(args[2]);
        String[] shapes = System.getProperty("shapes", "noise,few,many").split(",");
        String[] penalties = System.getProperty("penalties", "mbic,bic,10").split(",");
        boolean differ = false;
        for (String shape : shapes) {
            for (String penalty : penalties) {
                List<Build> builds = new ArrayList<>();
                for (int i = 3; i < args.length; i++) {
                    String[] kv = args[i].split("=", 2);
                    builds.add(new Build(kv[0], Path.of(kv[1])));
                }
                differ |= runCase(builds, shape, penalty, n, warm, measured);
            }
        }
        if (differ) {
            throw new AssertionError("the builds answered differently (see above)");
        }
    }

    private static boolean runCase(List<Build> builds, String shape, String penalty, int n,
            int warm, int measured) throws Exception {
        int count = builds.size();
        double[][] ms = new double[count][measured];
        String[] answers = new String[count];
        Object[] values = new Object[count];
        Object[] options = new Object[count];
        for (int b = 0; b < count; b++) {
            values[b] = builds.get(b).series(shape, n);
            options[b] = builds.get(b).options(penalty);
        }
        for (int round = 0; round < warm + measured; round++) {
            for (int b = 0; b < count; b++) {
                long before = CPU.getCurrentThreadCpuTime();
                Object result = builds.get(b).detect.invoke(null, values[b], options[b]);
                long after = CPU.getCurrentThreadCpuTime();
                if (round >= warm) {
                    ms[b][round - warm] = (after - before) / 1e6;
                }
                String text = result.toString();
                if (answers[b] == null) {
                    answers[b] = text;
                } else if (!answers[b].equals(text)) {
                    throw new AssertionError(builds.get(b).name + " is not deterministic");
                }
            }
        }
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        StringBuilder line = new StringBuilder(String.format("%s load %s %-6s %-5s",
                LocalTime.now(ZoneOffset.UTC).withNano(0), load, shape, penalty));
        boolean differ = false;
        for (int b = 0; b < count; b++) {
            double[] sorted = ms[b].clone();
            Arrays.sort(sorted);
            line.append(String.format("  %s %.1f [%.1f..%.1f]", builds.get(b).name,
                    sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]));
            if (!answers[b].equals(answers[0])) {
                line.append(" DIFFERENT ANSWER");
                differ = true;
            }
        }
        System.out.println(line);
        return differ;
    }
}
