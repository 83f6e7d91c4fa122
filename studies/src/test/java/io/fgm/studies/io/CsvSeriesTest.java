package io.fgm.studies.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link CsvSeries}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CsvSeriesTest {

    @Test
    void one_value_per_line_has_no_timestamps() {
        ParsedSeries s = CsvSeries.parse("1\n2.5\n\nNaN\n-3e2\n");
        assertArrayEquals(new double[] {1, 2.5, Double.NaN, -300}, s.values(), 0);
        assertNull(s.timestampsMs());
    }

    @Test
    void a_value_header_is_accepted() {
        assertArrayEquals(new double[] {4, 5}, CsvSeries.parse("value\n4\n5").values(), 0);
    }

    @Test
    void a_t_value_header_reads_epoch_milliseconds_and_iso_instants() {
        ParsedSeries s = CsvSeries.parse(
                "t,value\r\n1000,1\r\n2000,nan\r\n1970-01-01T00:00:03Z,3\r\n4000,\r\n");
        assertArrayEquals(new long[] {1000, 2000, 3000, 4000}, s.timestampsMs());
        assertArrayEquals(new double[] {1, Double.NaN, 3, Double.NaN}, s.values(), 0);
    }

    @ParameterizedTest(name = "''{0}'' fails on line {1}")
    @CsvSource(delimiter = '|', value = {
        "1\\n2\\nabc|3",
        "1,2\\n3,4|1",
        "t,value\\n1000,1\\n1000,2|3",
        "t,value\\n1000,1,2|2",
        "t,value\\nyesterday,1|2",
        "1\\nInfinity|2"
    })
    void bad_input_names_the_line(String escaped, int line) {
        String text = escaped.replace("\\n", "\n");
        CsvParseException e = assertThrows(CsvParseException.class, () -> CsvSeries.parse(text));
        assertEquals(line, e.line());
        assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
    }

    @Test
    void an_empty_text_is_an_empty_series() {
        assertEquals(0, CsvSeries.parse("").values().length);
    }
}
