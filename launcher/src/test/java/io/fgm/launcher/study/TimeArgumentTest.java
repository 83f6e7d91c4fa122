package io.fgm.launcher.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Tests for {@link TimeArgument}. */
class TimeArgumentTest {
    static final long NOW = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();

    @Test
    void relative_times_count_back_from_now() {
        assertEquals(NOW, TimeArgument.parse("now", NOW));
        assertEquals(NOW - 3_600_000, TimeArgument.parse("-1h", NOW));
        assertEquals(NOW - 90_000, TimeArgument.parse("-90s", NOW));
        assertEquals(NOW - 5_400_000, TimeArgument.parse("-1h30m", NOW));
        assertEquals(NOW - 2 * 86_400_000L, TimeArgument.parse("-2d", NOW));
    }

    @Test
    void absolute_times_are_iso_8601_in_utc_when_zoneless_or_epoch_ms() {
        assertEquals(NOW, TimeArgument.parse("2026-11-24T12:00:00Z", NOW));
        assertEquals(NOW, TimeArgument.parse("2026-11-24T13:00:00+01:00", 0));
        assertEquals(NOW, TimeArgument.parse("2026-11-24T12:00", 0));
        assertEquals(NOW - 12 * 3_600_000L, TimeArgument.parse("2026-11-24", 0));
        assertEquals(NOW, TimeArgument.parse(Long.toString(NOW), 0));
    }

    @Test
    void anything_else_is_an_error_that_shows_the_accepted_forms() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TimeArgument.parse("-1y", NOW));
        assertEquals(true, e.getMessage().contains("-1h"));
    }
}
