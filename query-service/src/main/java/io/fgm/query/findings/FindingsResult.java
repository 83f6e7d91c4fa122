package io.fgm.query.findings;

import io.fgm.schema.Finding;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code /api/findings} (serialized snake_case).
 *
 * @param from range start, epoch ms
 * @param to range end, epoch ms
 * @param total findings matching the filters, before the limit
 * @param returned findings in this answer
 * @param countsByKind matching findings per kind (before the limit), kinds with none left out, most urgent first
 * @param findings the first {@code limit} matching findings in the requested order
 */
public record FindingsResult(
    long from, long to, int total, int returned, Map<String, Integer> countsByKind, List<Finding> findings) {}
