package io.fgm.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link QueryParams}. */
class QueryParamsTest {
  private static final long NOW = Instant.parse("2026-03-02T12:00:00Z").toEpochMilli();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1772452800000, 2026-03-02T12:00:00Z",
      "now, 2026-03-02T12:00:00Z",
      "-15m, 2026-03-02T11:45:00Z",
      "now-2h, 2026-03-02T10:00:00Z",
      "-1d, 2026-03-01T12:00:00Z",
      "-30s, 2026-03-02T11:59:30Z",
      "-500ms, 2026-03-02T11:59:59.500Z",
      "2026-03-01T10:00:00Z, 2026-03-01T10:00:00Z",
      "2026-03-01T10:00:00.250Z, 2026-03-01T10:00:00.250Z",
      "2026-03-01T12:00:00+02:00, 2026-03-01T10:00:00Z",
      "2026-03-01, 2026-03-01T00:00:00Z",
  })
  void times_in_every_accepted_format(String input, String expected) {
    assertEquals(Instant.parse(expected).toEpochMilli(), QueryParams.time("from", input, NOW));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"yesterday", "-15x", "2026-02-30T00:00:00Z", "1e9", "12:00", "-", "now+1h"})
  void malformed_times_name_the_parameter(String input) {
    assertEquals("to", assertThrows(BadParameterException.class, () -> QueryParams.time("to", input, NOW))
        .parameter());
  }

  @Test
  void missing_range_ends_now_and_spans_the_default() {
    TimeRange r = QueryParams.range(null, null, NOW, Duration.ofHours(1));
    assertEquals(new TimeRange(NOW - 3_600_000, NOW), r);
    assertEquals(new TimeRange(NOW - 60_000, NOW), QueryParams.range("-1m", null, NOW, Duration.ofHours(1)));
    assertEquals(new TimeRange(NOW - 7_200_000, NOW - 3_600_000),
        QueryParams.range(null, "-1h", NOW, Duration.ofHours(1)));
  }

  @Test
  void from_after_to_is_rejected_on_from() {
    assertEquals("from", assertThrows(BadParameterException.class,
        () -> QueryParams.range("-1h", "-2h", NOW, Duration.ofHours(1))).parameter());
  }

  @Test
  void ids_are_trimmed_deduplicated_and_bounded() {
    assertEquals(List.of("a", "b"), QueryParams.ids("containers", " a, b,a,,", 2));
    assertEquals("containers", assertThrows(BadParameterException.class,
        () -> QueryParams.ids("containers", "a,b,c", 2)).parameter());
    assertThrows(BadParameterException.class, () -> QueryParams.ids("containers", " , ", 2));
  }

  @Test
  void qos_accepts_either_spelling_in_any_case() {
    assertEquals("BestEffort", QueryParams.qos("qos", "best_effort"));
    assertEquals("BestEffort", QueryParams.qos("qos", "besteffort"));
    assertEquals("Guaranteed", QueryParams.qos("qos", "GUARANTEED"));
    assertNull(QueryParams.qos("qos", ""));
    assertThrows(BadParameterException.class, () -> QueryParams.qos("qos", "Gold"));
  }

  @Test
  void labels_with_control_characters_or_too_long_are_rejected() {
    assertThrows(BadParameterException.class, () -> QueryParams.label("node", "a\nb"));
    assertThrows(BadParameterException.class, () -> QueryParams.label("node", "x".repeat(257)));
    assertEquals("../../etc", QueryParams.label("node", "../../etc")); // just a value, never a path
  }

  @Test
  void metric_names_must_look_like_metric_names() {
    assertEquals("cpu.usage_millicores", QueryParams.metric("metric", "cpu.usage_millicores"));
    assertEquals("psi.cpu.some_avg10", QueryParams.metric("metric", "psi.cpu.some_avg10"));
    assertThrows(BadParameterException.class, () -> QueryParams.metric("metric", "../cpu"));
    assertThrows(BadParameterException.class, () -> QueryParams.metric("metric", "CPU"));
    assertThrows(BadParameterException.class, () -> QueryParams.metric("metric", null));
  }

  @Test
  void integers_are_bounded() {
    assertEquals(7, QueryParams.integer("limit", null, 7, 1, 10));
    assertEquals(10, QueryParams.integer("limit", "10", 7, 1, 10));
    assertThrows(BadParameterException.class, () -> QueryParams.integer("limit", "11", 7, 1, 10));
    assertThrows(BadParameterException.class, () -> QueryParams.integer("limit", "9999999999", 7, 1, 10));
  }
}
