package io.fgm.query;

import io.fgm.query.findings.FindingQuery;
import io.fgm.query.findings.FindingService;
import io.fgm.query.store.LocalStoreFs;
import io.fgm.query.store.S3StoreFs;
import io.fgm.query.store.StoreFs;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP shell over {@link QueryService}: a Javalin server with the JSON API under {@code /api}.
 *
 * <p>Every response is JSON with snake_case field names. Bad parameters give 400 with
 * {@code {"error": "...", "parameter": "..."}}; unknown parameters are rejected the same way so that a typo does not
 * silently widen a query. Embeddable: {@code QueryServer.start(config)} returns once the server listens;
 * {@link #close()} stops it.
 */
public final class QueryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
  /** The mapper of the API: Jackson 3, snake_case. */
  public static final JsonMapper JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          // series are tens of thousands of doubles: Schubfach instead of Double.toString, several times faster
          .enable(tools.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  private static final Set<String> RANGE = Set.of("from", "to");
  private static final Set<String> CONTAINER_PARAMS = Set.of(
      "from", "to", "node", "namespace", "qos", "name", "search", "selector", "metric", "sort", "offset", "limit");
  private static final Set<String> FINDING_PARAMS = Set.of(
      "from", "to", "node", "namespace", "container", "kind", "metric", "min_score", "sort", "limit");
  private static final Set<String> SERIES_PARAMS = Set.of("metric", "containers", "from", "to", "points", "tier");
  private static final int DEFAULT_LIST_LIMIT = 500;
  /** Request attribute marking a 404 a handler answered itself (vs. an unmatched path). */
  private static final String HANDLED = "fgm.handled";
  /** The OpenAPI 3.1 description of the API, a resource kept next to the code it describes. */
  static final byte[] OPENAPI = resource("/io/fgm/query/openapi.json");

  private final QueryService service;
  private final FreshTails tails;
  private final Javalin app;

  private QueryServer(QueryService service, FreshTails tails, Javalin app) {
    this.service = service;
    this.tails = tails;
    this.app = app;
  }

  /** Starts a server on {@code config.host():config.port()} and returns once it accepts connections. */
  public static QueryServer start(QueryConfig config) {
    StoreFs fs = config.s3() == null ? LocalStoreFs.INSTANCE : S3StoreFs.connect(config.s3().bucket(),
        config.s3().endpoint(), config.s3().pathStyle(), config.s3().region(), config.s3().accessKey(),
        config.s3().secretKey());
    FreshTails tails = FreshTails.start(config);
    QueryService service = new QueryService(config, fs, tails.samples(), tails.pods());
    service.loadIndexSnapshot(); // before serving: a request must not summarize files the snapshot knows
    FindingService findings = new FindingService(config, tails.findingSources(config, fs));
    Handlers h = new Handlers(service, findings, tails);
    StudyHandlers studies = new StudyHandlers(new StudyService(service, config.maxStudyPoints()), config);
    Javalin app =
        Javalin.create(cfg -> {
          cfg.jsonMapper(new JavalinJackson3(JSON, false));
          cfg.jetty.host = config.host();
          cfg.jetty.port = config.port();
          cfg.startup.showJavalinBanner = false;
          // the viewer: static files and WebJars; they hold no data, so they are served without a token
          cfg.staticFiles.add("/public", Location.CLASSPATH);
          cfg.staticFiles.enableWebjars();
          if (config.bearerToken() != null) {
            BearerAuth auth = new BearerAuth(config.bearerToken());
            cfg.routes.before(ctx -> {
              boolean guarded = ctx.path().startsWith("/api/") || ctx.path().equals("/openapi.json");
              if (guarded && !ctx.path().equals("/api/health") && !auth.accepts(ctx.header("Authorization"))) {
                throw new BearerAuth.Unauthorized();
              }
            });
          }
          cfg.routes.get("/api/health", h::health);
          cfg.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
          cfg.routes.get("/api/nodes", h::nodes);
          cfg.routes.get("/api/containers", h::containers);
          cfg.routes.get("/api/metrics", h::metrics);
          cfg.routes.get("/api/timeseries", h::timeseries);
          cfg.routes.get("/api/findings", h::findings);
          cfg.routes.get("/api/summary", studies::summary);
          cfg.routes.get("/api/studies/changepoint", studies::changepoint);
          cfg.routes.get("/api/studies/periodicity", studies::periodicity);
          cfg.routes.exception(BadParameterException.class, (e, ctx) ->
              ctx.status(HttpStatus.BAD_REQUEST).json(error(e.getMessage(), e.parameter())));
          cfg.routes.exception(NotFoundException.class, (e, ctx) -> {
            ctx.attribute(HANDLED, true);
            ctx.status(HttpStatus.NOT_FOUND).json(error(e.getMessage(), e.parameter()));
          });
          cfg.routes.exception(BearerAuth.Unauthorized.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(HttpStatus.UNAUTHORIZED).json(error(e.getMessage(), null));
          });
          cfg.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(error("internal error: " + e, null));
          });
          cfg.routes.error(404, ctx -> { // an unmatched path; a handler's own 404 keeps its body
            if (ctx.attribute(HANDLED) == null) {
              ctx.json(error("no such endpoint: " + ctx.path(), null));
            }
          });
          cfg.routes.error(405, ctx -> ctx.json(error("method not allowed: " + ctx.method(), null)));
        });
    try {
      app.start();
    } catch (RuntimeException e) {
      tails.close();
      closeFs(fs);
      throw e;
    }
    LOG.info("query service on http://{}:{} reading {}", config.host(), app.port(), config.storeUri());
    // the index of the default listing range is built in the background: start-up does not wait for it, and the
    // first listing finds it done (or joins the files still being summarized)
    Thread warm = new Thread(() -> {
      long t0 = System.nanoTime();
      try {
        int files = service.warmUp();
        service.saveIndexSnapshot();
        LOG.info("metadata index warm: {} files in {} ms", files, (System.nanoTime() - t0) / 1_000_000);
      } catch (RuntimeException e) {
        LOG.warn("metadata index warm-up failed; queries will build it: {}", e.toString());
      }
    }, "fgm-index-warmup");
    warm.setDaemon(true);
    warm.start();
    return new QueryServer(service, tails, app);
  }

  public int port() {
    return app.port();
  }

  public QueryService service() {
    return service;
  }

  /** The Kafka tails (empty when no bootstrap is configured). */
  public FreshTails tails() {
    return tails;
  }

  @Override
  public void close() {
    app.stop();
    tails.close();
    closeFs(service.fs());
    service.saveIndexSnapshot();
  }

  private static void closeFs(StoreFs fs) {
    if (fs instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing the store client: {}", e.toString());
      }
    }
  }

  private static byte[] resource(String name) {
    try (var in = QueryServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Map<String, Object> error(String message, String parameter) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    if (parameter != null) {
      m.put("parameter", parameter);
    }
    return m;
  }

  /** Route handlers: parameter parsing and response shaping only. */
  private static final class Handlers {
    private final QueryService service;
    private final FindingService findingService;
    private final FreshTails tails;
    private final QueryConfig config;

    Handlers(QueryService service, FindingService findingService, FreshTails tails) {
      this.service = service;
      this.findingService = findingService;
      this.tails = tails;
      this.config = service.config();
    }

    void health(Context ctx) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", "ok");
      m.put("store", service.fs().describe(config.storePath()));
      m.put("raw_tier", service.fs().describe(service.rawTierPath()));
      m.put("files_summarized", service.index().summarizedFiles());
      m.put("files_unreadable", service.index().unreadableFiles());
      m.put("files_wrong_layout", service.index().wrongLayoutFiles());
      m.put("stored_pods", service.podTier().size());
      if (tails.samples() != null) { // how much the Kafka tails hold: zero for long means the consumers are stuck
        m.put("tail_sample_points", tails.samples().points());
        m.put("tail_samples_seen", tails.samples().samples());
        m.put("tail_findings", tails.findings().size());
        m.put("tail_pods", tails.pods().size());
      }
      ctx.json(m);
    }

    void nodes(Context ctx) {
      allowOnly(ctx, RANGE);
      TimeRange r = listRange(ctx);
      ctx.json(Map.of("from_ms", r.fromMs(), "to_ms", r.toMs(), "nodes", service.nodes(r)));
    }

    void containers(Context ctx) {
      allowOnly(ctx, CONTAINER_PARAMS);
      String selector = QueryParams.label(LabelSelector.PARAMETER, ctx.queryParam(LabelSelector.PARAMETER));
      String metric = ctx.queryParam("metric");
      String sort = ctx.queryParam("sort");
      ContainerQuery q = ContainerQuery.builder(listRange(ctx))
          .node(QueryParams.label("node", ctx.queryParam("node")))
          .namespace(QueryParams.label("namespace", ctx.queryParam("namespace")))
          .qos(QueryParams.qos("qos", ctx.queryParam("qos")))
          .name(QueryParams.label("name", ctx.queryParam("name")))
          .search(QueryParams.label("search", ctx.queryParam("search")))
          .selector(selector == null ? null : LabelSelector.parse(selector))
          .metric(QueryParams.blank(metric) ? null : QueryParams.metric("metric", metric))
          .sort(QueryParams.blank(sort) ? null : ContainerQuery.Sort.parse("sort", sort))
          .offset(QueryParams.integer("offset", ctx.queryParam("offset"), 0, 0, Integer.MAX_VALUE))
          .limit(QueryParams.integer("limit", ctx.queryParam("limit"), Math.min(DEFAULT_LIST_LIMIT,
              config.maxListLimit()), 1, config.maxListLimit()))
          .build();
      ctx.json(service.containers(q));
    }

    void metrics(Context ctx) {
      allowOnly(ctx, RANGE);
      TimeRange r = listRange(ctx);
      ctx.json(Map.of("from_ms", r.fromMs(), "to_ms", r.toMs(), "metrics", service.metrics(r)));
    }

    void timeseries(Context ctx) {
      allowOnly(ctx, SERIES_PARAMS);
      String metric = QueryParams.metric("metric", ctx.queryParam("metric"));
      var ids = QueryParams.ids("containers", ctx.queryParam("containers"), config.maxContainers());
      TimeRange r = QueryParams.range(ctx.queryParam("from"), ctx.queryParam("to"), config.clock().millis(),
          config.defaultSeriesRange());
      int points = QueryParams.integer("points", ctx.queryParam("points"), config.maxPoints(), 2, config.maxPoints());
      TierPlan.Choice tier = TierPlan.Choice.parse("tier", ctx.queryParam("tier"));
      ctx.json(service.timeseries(new TimeseriesQuery(metric, ids, r, points, tier)));
    }

    void findings(Context ctx) {
      allowOnly(ctx, FINDING_PARAMS);
      String metric = ctx.queryParam("metric");
      FindingQuery q = new FindingQuery(
          QueryParams.range(ctx.queryParam("from"), ctx.queryParam("to"), config.clock().millis(),
              config.defaultSeriesRange()),
          QueryParams.label("node", ctx.queryParam("node")),
          QueryParams.label("namespace", ctx.queryParam("namespace")),
          QueryParams.label("container", ctx.queryParam("container")),
          QueryParams.kinds("kind", ctx.queryParam("kind")),
          QueryParams.blank(metric) ? null : QueryParams.metric("metric", metric),
          QueryParams.number("min_score", ctx.queryParam("min_score"), 0, 0, 1),
          QueryParams.findingOrder("sort", ctx.queryParam("sort")),
          QueryParams.integer("limit", ctx.queryParam("limit"), FindingService.DEFAULT_LIMIT, 1,
              FindingService.MAX_LIMIT));
      ctx.json(findingService.findings(q));
    }

    private TimeRange listRange(Context ctx) {
      return QueryParams.range(ctx.queryParam("from"), ctx.queryParam("to"), config.clock().millis(),
          config.defaultListRange());
    }

  }

  /** Rejects parameters outside {@code allowed} and repeated parameters, naming them. */
  static void allowOnly(Context ctx, Set<String> allowed) {
    for (Map.Entry<String, java.util.List<String>> e : ctx.queryParamMap().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw new BadParameterException(e.getKey(), "unknown parameter '" + QueryParams.shorten(e.getKey())
            + "'; allowed: " + new java.util.TreeSet<>(allowed));
      }
      if (e.getValue().size() > 1) {
        throw new BadParameterException(e.getKey(), "parameter '" + e.getKey() + "' given more than once");
      }
    }
  }
}
