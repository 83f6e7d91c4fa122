package io.fgm.query;

import io.fgm.studies.changepoint.ChangepointOptions;
import io.fgm.studies.changepoint.CostFunction;
import io.fgm.studies.changepoint.Penalty;
import io.fgm.studies.periodicity.PeriodicityOptions;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * Routes of the studies: {@code /api/summary} and {@code /api/studies/{changepoint|periodicity}}. Parameter
 * parsing only; the work is in {@link StudyService}. Default range: the last hour.
 */
final class StudyHandlers {
  static final int MAX_SUMMARY_CONTAINERS = 10;
  static final int MAX_SUMMARY_METRICS = 10;
  private static final Set<String> SUMMARY_PARAMS = Set.of("containers", "metrics", "from", "to");
  private static final Set<String> CHANGEPOINT_PARAMS =
      Set.of("container", "metric", "from", "to", "cost", "penalty", "min_segment");
  private static final Set<String> PERIODICITY_PARAMS =
      Set.of("container", "metric", "from", "to", "window", "min_period", "max_period", "min_score");

  private final StudyService studies;
  private final QueryConfig config;

  StudyHandlers(StudyService studies, QueryConfig config) {
    this.studies = studies;
    this.config = config;
  }

  void summary(Context ctx) {
    QueryServer.allowOnly(ctx, SUMMARY_PARAMS);
    List<String> ids = QueryParams.ids("containers", ctx.queryParam("containers"), MAX_SUMMARY_CONTAINERS);
    String metrics = ctx.queryParam("metrics");
    List<String> names = null;
    if (!QueryParams.blank(metrics)) {
      names = QueryParams.ids("metrics", metrics, MAX_SUMMARY_METRICS);
      names.forEach(m -> QueryParams.metric("metrics", m));
    }
    ctx.json(studies.summary(ids, names, range(ctx)));
  }

  void changepoint(Context ctx) {
    QueryServer.allowOnly(ctx, CHANGEPOINT_PARAMS);
    String id = container(ctx);
    String metric = QueryParams.metric("metric", ctx.queryParam("metric"));
    ChangepointOptions options = ChangepointOptions.defaults();
    try {
      if (!QueryParams.blank(ctx.queryParam("cost"))) {
        options = options.withCost(CostFunction.parse(ctx.queryParam("cost")));
      }
    } catch (IllegalArgumentException e) {
      throw new BadParameterException("cost", e.getMessage());
    }
    try {
      if (!QueryParams.blank(ctx.queryParam("penalty"))) {
        options = options.withPenalty(Penalty.parse(ctx.queryParam("penalty")));
      }
    } catch (IllegalArgumentException e) {
      throw new BadParameterException("penalty", e.getMessage());
    }
    int minSegment = QueryParams.integer("min_segment", ctx.queryParam("min_segment"), 0, 0, 86_400);
    try {
      options = options.withMinSegmentLength(minSegment);
    } catch (IllegalArgumentException e) {
      throw new BadParameterException("min_segment", e.getMessage());
    }
    ctx.json(studies.changepoint(id, metric, range(ctx), options));
  }

  void periodicity(Context ctx) {
    QueryServer.allowOnly(ctx, PERIODICITY_PARAMS);
    String id = container(ctx);
    String metric = QueryParams.metric("metric", ctx.queryParam("metric"));
    int window = QueryParams.integer("window", ctx.queryParam("window"), 60, 4, 86_400);
    int minPeriod = QueryParams.integer("min_period", ctx.queryParam("min_period"), 2, 2, 86_400);
    int maxPeriod = QueryParams.integer("max_period", ctx.queryParam("max_period"), 0, 0, 86_400);
    double minScore = 0.5;
    if (!QueryParams.blank(ctx.queryParam("min_score"))) {
      try {
        minScore = Double.parseDouble(ctx.queryParam("min_score"));
      } catch (NumberFormatException e) {
        throw new BadParameterException("min_score", "min_score must be a number in (0, 1]");
      }
    }
    PeriodicityOptions options;
    try {
      options = new PeriodicityOptions(window, 0, minPeriod, maxPeriod, minScore, 0.1);
    } catch (IllegalArgumentException e) {
      String p = e.getMessage().startsWith("minScore") ? "min_score" : e.getMessage().startsWith("window")
          ? "window" : "max_period";
      throw new BadParameterException(p, e.getMessage());
    }
    ctx.json(studies.periodicity(id, metric, range(ctx), options));
  }

  private static String container(Context ctx) {
    String id = QueryParams.label("container", ctx.queryParam("container"));
    if (id == null) {
      throw new BadParameterException("container", "container is required: one container id");
    }
    return id;
  }

  private TimeRange range(Context ctx) {
    return QueryParams.range(ctx.queryParam("from"), ctx.queryParam("to"), config.clock().millis(),
        config.defaultSeriesRange());
  }
}
