package io.fgm.query;

import java.util.List;
import java.util.Map;

/**
 * One page of a container listing.
 *
 * @param total containers matching the filters
 * @param offset items skipped
 * @param limit page size asked for
 * @param fromMs start of the range looked at, epoch ms
 * @param toMs end of the range looked at, epoch ms
 * @param sort {@code metric:stat} when ranked by a metric, else null
 * @param containers this page: ranked by the sort metric (highest first), else by fuzzy score, else by node,
 *     namespace, pod name, container name, id
 * @param values when ranked: the statistic of the sort metric per container id of this page
 */
public record ContainerPage(
    int total,
    int offset,
    int limit,
    long fromMs,
    long toMs,
    String sort,
    List<ContainerInfo> containers,
    Map<String, Double> values) {}
