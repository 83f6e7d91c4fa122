package io.fgm.query;

import java.util.List;

/**
 * Filters, ranking and paging of a container listing. Null filters match everything. Build with
 * {@link #builder(TimeRange)}.
 *
 * @param range only containers seen within this range
 * @param node exact node name
 * @param namespace exact namespace
 * @param qos QoS label ({@code Guaranteed}, {@code Burstable}, {@code BestEffort}, {@code None})
 * @param name case-insensitive substring of the container id, pod name, container name or namespace
 * @param search fuzzy query over the same names; results are ordered by match quality unless sorted by a metric
 * @param selector label selector over the container's labels
 * @param metric only containers that have this metric
 * @param sort rank by a metric's statistic over the range, highest first (containers without it are left out)
 * @param offset items to skip
 * @param limit most items to return
 */
public record ContainerQuery(
    TimeRange range,
    String node,
    String namespace,
    String qos,
    String name,
    String search,
    LabelSelector selector,
    String metric,
    Sort sort,
    int offset,
    int limit) {

  /**
   * Rank by {@code stat} of {@code metric}: {@code avg}, {@code max}, {@code min}, or the exact percentile
   * {@code p50}, {@code p95}, {@code p99} of the container's finite values in the range (R's type 7, as the studies'
   * summaries).
   *
   * @param metric metric name
   * @param stat statistic
   */
  public record Sort(String metric, String stat) {
    /** Every statistic a sort accepts, in the order error messages list them. */
    public static final List<String> STATS = List.of("avg", "max", "min", "p50", "p95", "p99");

    /** True for the percentile statistics, which need every value rather than a running aggregate. */
    public boolean percentile() {
      return stat.startsWith("p");
    }

    /** Parses {@code metric[:avg|max|min|p50|p95|p99]}; the statistic defaults to avg. */
    public static Sort parse(String parameter, String value) {
      int colon = value.lastIndexOf(':');
      String metric = QueryParams.metric(parameter, colon < 0 ? value : value.substring(0, colon));
      String stat = colon < 0 ? "avg" : value.substring(colon + 1);
      if (!STATS.contains(stat)) {
        throw new BadParameterException(parameter,
            parameter + " must be <metric>[:" + String.join("|", STATS)
                + "], e.g. memory.current_bytes:p95; got statistic '" + QueryParams.shorten(stat) + "'");
      }
      return new Sort(metric, stat);
    }
  }

  public static Builder builder(TimeRange range) {
    return new Builder(range);
  }

  /** Builder; defaults: no filter, offset 0, limit 500. */
  public static final class Builder {
    private final TimeRange range;
    private String node;
    private String namespace;
    private String qos;
    private String name;
    private String search;
    private LabelSelector selector;
    private String metric;
    private Sort sort;
    private int offset;
    private int limit = 500;

    private Builder(TimeRange range) {
      this.range = range;
    }

    public Builder node(String v) {
      node = v;
      return this;
    }

    public Builder namespace(String v) {
      namespace = v;
      return this;
    }

    public Builder qos(String v) {
      qos = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder search(String v) {
      search = v;
      return this;
    }

    public Builder selector(LabelSelector v) {
      selector = v;
      return this;
    }

    public Builder metric(String v) {
      metric = v;
      return this;
    }

    public Builder sort(Sort v) {
      sort = v;
      return this;
    }

    public Builder offset(int v) {
      offset = v;
      return this;
    }

    public Builder limit(int v) {
      limit = v;
      return this;
    }

    public ContainerQuery build() {
      return new ContainerQuery(range, node, namespace, qos, name, search, selector, metric, sort, offset, limit);
    }
  }
}
