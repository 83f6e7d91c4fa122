package io.fgm.query;

/**
 * A metric: its catalogue entry (from {@link io.fgm.schema.Metric}) and what the store holds of it.
 *
 * @param name stored metric name, e.g. {@code cpu.usage_millicores}
 * @param unit unit symbol ({@code m} millicores, {@code B} bytes, {@code us} microseconds, …), or null when the
 *     metric is not in the catalogue
 * @param kind {@code COUNTER}, {@code GAUGE} or {@code DERIVED}, or null when not in the catalogue
 * @param description meaning, or null when not in the catalogue
 * @param containers number of containers with rows of this metric in the range (0: catalogued, not stored)
 */
public record MetricInfo(String name, String unit, String kind, String description, int containers) {}
