package io.fgm.launcher.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.StoreFixture;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Tests for {@link StudyInput}'s store source: {@code fgm study ...} run in-process over a real
 * Parquet store written in a temporary directory (by the query service's fixture writer, the raw
 * tier's layout), with a step planted at a known second.
 */
class StudyStoreSourceTest {
    static final long START = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    static final long END = START + 600_000;
    /** The planted step: working set goes from 100 MB to 150 MB at this second. */
    static final int STEP = 300;

    static final String WEB_ID = "c0ffee" + "0".repeat(58);
    static final String WEB2_ID = "c0ffee1" + "1".repeat(57);
    static final String DB_ID = "deadbeef" + "2".repeat(56);

    @TempDir static Path store;

    @BeforeAll
    static void writeStore() {
        ContainerRef web = StoreFixture.container(WEB_ID, "web-1", "shop", "app", QosClass.BURSTABLE);
        ContainerRef web2 = StoreFixture.container(WEB2_ID, "web-2", "shop", "app", QosClass.BURSTABLE);
        ContainerRef db = StoreFixture.container(DB_ID, "db-0", "shop", "postgres", QosClass.BURSTABLE);
        Random random = new Random(7);
        new StoreFixture(store)
                .series("node-a", web, "memory.working_set_bytes", START, END, t -> {
                    long second = (t - START) / 1000;
                    if (second >= 100 && second < 110) {
                        return Double.NaN; // ten seconds not collected
                    }
                    return (second < STEP ? 100e6 : 150e6) + 1e6 * random.nextGaussian();
                })
                .series("node-a", web, "cpu.usage_millicores", START, END, t -> 200)
                .series("node-a", db, "memory.working_set_bytes", START, END, t -> 7e8)
                .write("part-0.parquet");
        new StoreFixture(store)
                .series("node-b", web2, "memory.working_set_bytes", START, END, t -> 5e7)
                .write("part-0.parquet");
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return StudyRunner.JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StudyCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString()));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static String[] window(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--from", "2026-11-20T09:30:00Z", "--to", "2026-11-20T11:00:00Z"));
        return all.toArray(String[]::new);
    }

    @Test
    void changepoint_over_the_store_finds_the_planted_step_at_its_second() {
        Run r = run(window("changepoint", "--container", "web-1/app",
                "--metric", "memory.working_set_bytes"));
        assertEquals(0, r.exit(), r.err());
        JsonNode cps = r.json().get("changepoints");
        assertEquals(1, cps.size(), r.out());
        assertEquals(STEP, cps.get(0).get("index").asInt());
        assertEquals(START + STEP * 1000L, cps.get(0).get("timeMs").asLong());
        assertEquals(100e6, cps.get(0).get("meanBefore").asDouble(), 1e6);
        assertEquals(150e6, cps.get(0).get("meanAfter").asDouble(), 1e6);
        assertTrue(r.err().contains("590 samples, 10 missing seconds"), r.err());
    }

    @Test
    void missing_seconds_become_gaps_not_joined_values() {
        Run r = run(window("summary", "--container", WEB_ID, "--metric",
                "memory.working_set_bytes"));
        assertEquals(0, r.exit(), r.err());
        JsonNode s = r.json();
        assertEquals(590, s.get("count").asInt());
        assertEquals(10, s.get("missingValues").asInt());
        JsonNode gap = s.get("gaps").get(0);
        assertEquals(100, gap.get("startIndex").asInt());
        assertEquals(110, gap.get("endIndex").asInt());
        assertEquals(START + 100_000, gap.get("fromMs").asLong());
    }

    @Test
    void the_time_range_limits_the_series() {
        Run r = run("summary", "--container", "web-1", "--metric", "memory.working_set_bytes",
                "--from", "2026-11-20T10:06:40Z", "--to", "2026-11-20T10:06:49Z");
        assertEquals(0, r.exit(), r.err());
        assertEquals(10, r.json().get("count").asInt());
        assertEquals(150e6, r.json().get("avg").asDouble(), 2e6);
    }

    @Test
    void a_unique_id_prefix_names_the_container_and_other_containers_are_filtered_out() {
        Run r = run(window("summary", "--container", "deadbe", "--metric",
                "memory.working_set_bytes"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(600, r.json().get("count").asInt());
        assertEquals(7e8, r.json().get("max").asDouble());
        assertEquals(7e8, r.json().get("min").asDouble());
    }

    @Test
    void relative_times_count_back_from_now() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StudyCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((SummaryCommand) cli.getSubcommands().get("summary").getCommand()).input.clock =
                () -> END;
        int exit = cli.execute("summary", "--store", store.toString(), "--container", "db-0",
                "--metric", "memory.working_set_bytes", "--from", "-1m", "--to", "now");
        assertEquals(0, exit, err.toString());
        assertEquals(60, StudyRunner.JSON.readTree(out.toString()).get("count").asInt());
    }

    @Test
    void an_ambiguous_prefix_lists_the_candidates() {
        Run r = run(window("summary", "--node", "node-a", "--container", "c0ffee",
                "--metric", "memory.working_set_bytes"));
        assertEquals(0, r.exit(), "on node-a only web-1 starts with c0ffee: " + r.err());
        Run both = run(window("summary", "--container", "c0ffee", "--metric",
                "memory.working_set_bytes"));
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("ambiguous") && both.err().contains("shop/web-1/app")
                && both.err().contains("shop/web-2/app"), both.err());
    }

    @Test
    void an_unknown_container_lists_close_matches() {
        Run r = run(window("changepoint", "--container", "web-3/app", "--metric",
                "memory.working_set_bytes"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown container 'web-3/app'"), r.err());
        assertTrue(r.err().contains("close matches") && r.err().contains("web-1/app"), r.err());
        assertTrue(!r.err().contains("postgres"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void an_unknown_metric_lists_the_containers_metrics() {
        Run r = run(window("changepoint", "--container", "web-1/app", "--metric", "cpu.usage"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown metric 'cpu.usage'"), r.err());
        assertTrue(r.err().contains("cpu.usage_millicores, memory.working_set_bytes"), r.err());
    }

    @Test
    void an_empty_range_says_where_the_data_is() {
        Run r = run("summary", "--container", "web-1/app", "--metric", "memory.working_set_bytes",
                "--from", "2026-11-20T12:00:00Z", "--to", "2026-11-20T13:00:00Z");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no samples of memory.working_set_bytes"), r.err());
        assertTrue(r.err().contains("it has data from 2026-11-20T10:00:00Z"), r.err());
        Run otherDay = run("summary", "--container", "web-1/app", "--metric",
                "memory.working_set_bytes", "--from", "2026-11-22T00:00:00Z", "--to", "now");
        assertEquals(2, otherDay.exit());
        assertTrue(otherDay.err().contains("no data in"), otherDay.err());
    }

    @Test
    void a_missing_store_or_both_sources_are_usage_errors() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StudyCommand());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("acf", "--max-lag", "5", "--store",
                store.resolve("nope").toString(), "--container", "x", "--metric", "y"));
        assertTrue(err.toString().contains("no store at"), err.toString());
        Run both = run("acf", "--max-lag", "5", "file.csv", "--container", "x", "--metric", "y");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("not both"), both.err());
        Run neither = run("acf", "--max-lag", "5", "--container", "x");
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("--container and --metric"), neither.err());
    }

    @Test
    void acf_and_periodicity_read_the_store_too() {
        Run acf = run(window("acf", "--max-lag", "3", "--container", "db-0/postgres",
                "--metric", "memory.working_set_bytes"));
        assertEquals(0, acf.exit(), acf.err());
        assertEquals(600, acf.json().get("count").asInt());
        Run periodicity = run(window("periodicity", "--container", "db-0/postgres",
                "--metric", "memory.working_set_bytes"));
        assertEquals(0, periodicity.exit(), periodicity.err());
        assertTrue(periodicity.json().get("dominantPeriod").isNull(), periodicity.out());
    }
}
