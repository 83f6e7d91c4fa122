package io.fgm.launcher.study;

import io.fgm.studies.io.CsvSeries;
import io.fgm.studies.io.ParsedSeries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The series a study reads: a CSV file with one value per line, or a header {@code t,value} and
 * rows; {@code NaN} for missing ({@link CsvSeries}). {@code -} reads standard input.
 */
public final class StudyInput {
    // TODO(#5): add --container --metric --from --to to read the Parquet store once it exists.
    @Parameters(index = "0", paramLabel = "FILE", description = "CSV file, or - for standard input")
    Path file;

    /** Reads and parses the file; I/O here, parsing in the pure {@link CsvSeries}. */
    ParsedSeries read(InputStream stdin) throws IOException {
        String text = "-".equals(file.toString())
                ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(file, StandardCharsets.UTF_8);
        return CsvSeries.parse(text);
    }
}
