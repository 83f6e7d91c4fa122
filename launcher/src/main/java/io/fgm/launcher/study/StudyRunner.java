package io.fgm.launcher.study;

import io.fgm.studies.io.ParsedSeries;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shell around every study: read the input, run the pure study, print its result as JSON.
 * Bad input (unreadable file or store, bad CSV, unknown container or metric, empty range, bad
 * option) prints one line on standard error and exits 2.
 */
final class StudyRunner {
    static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StudyRunner() {}

    static int run(CommandSpec spec, StudyInput input, Function<ParsedSeries, Object> study) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ParsedSeries series = input.read(System.in, err);
            out.println(JSON.writeValueAsString(study.apply(series)));
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("fgm study: cannot read " + input.source() + ": " + e);
        } catch (IllegalArgumentException e) {
            err.println("fgm study: " + e.getMessage());
        }
        err.flush();
        return 2;
    }
}
