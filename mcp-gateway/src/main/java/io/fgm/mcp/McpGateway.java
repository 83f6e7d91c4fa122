package io.fgm.mcp;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.util.List;
import java.util.Map;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP server of fgm: the official MCP Java SDK's Streamable HTTP transport (a servlet) mounted in Javalin's
 * Jetty at {@link McpConfig#endpoint()}, with tools that call the query service over HTTP. The gateway keeps no
 * data. {@code GET /health} answers for readiness probes. Embeddable: {@link #start(McpConfig)} returns once the
 * port listens; {@link #close()} stops the MCP sessions, then Jetty.
 */
public final class McpGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McpGateway.class);
  static final String SERVER_NAME = "fgm";
  static final String SERVER_VERSION = "0.1.0";
  static final String INSTRUCTIONS = "fgm holds 1-second CPU, memory, IO and pressure metrics of every container "
      + "on every node of a Kubernetes cluster. For 'what changed / what went wrong' start with find_changes (OOM "
      + "kills, memory leaks, throttling, new periodic behaviour, step changes, restarts, ranked most urgent first). "
      + "To find containers use list_containers (filter by namespace, node, QoS, name or a label selector) or "
      + "top_containers to rank them by a metric (list_metrics gives names and units); then summarize_container, "
      + "analyze_container (changepoints, periodicity, trend/leak) or compare_containers on the ids they give. "
      + "Every tool is cluster-wide and 'node' is only ever an optional filter.";

  private final McpSyncServer server;
  private final Javalin app;

  private McpGateway(McpSyncServer server, Javalin app) {
    this.server = server;
    this.app = app;
  }

  /** The tools the gateway serves, over {@code client}; also used by the stdio transport. */
  public static List<SyncToolSpecification> tools(QueryClient client) {
    return List.of(
        ClusterTools.listNodes(client),
        ClusterTools.listMetrics(client),
        ListContainersTool.spec(client),
        TopContainersTool.spec(client),
        StudyTools.summarize(client),
        StudyTools.analyze(client),
        FindChangesTool.spec(client),
        CompareTool.spec(client));
  }

  public static McpGateway start(McpConfig config) {
    QueryClient client = new QueryClient(config.queryServiceUrl(), config.queryTimeout(), config.queryServiceToken());
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpJsonDefaults.getMapper())
            .mcpEndpoint(config.endpoint())
            .build();
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo(SERVER_NAME, SERVER_VERSION)
            .instructions(INSTRUCTIONS)
            .capabilities(ServerCapabilities.builder().tools(false).build())
            .tools(tools(client))
            .build();
    Javalin app;
    try {
      app = Javalin.create(cfg -> {
        cfg.jsonMapper(new JavalinJackson3(JsonMapper.builder().build(), false));
        cfg.jetty.host = config.host();
        cfg.jetty.port = config.port();
        cfg.startup.showJavalinBanner = false;
        cfg.jetty.modifyServletContextHandler(h -> {
          ServletHolder holder = new ServletHolder("mcp", transport);
          holder.setAsyncSupported(true); // Streamable HTTP answers with SSE streams
          h.addServlet(holder, config.endpoint());
          if (config.bearerToken() != null) {
            h.addFilter(new FilterHolder(new BearerTokenFilter(config.bearerToken())), config.endpoint(),
                EnumSet.of(DispatcherType.REQUEST));
          }
        });
        cfg.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok", "query_service",
            config.queryServiceUrl().toString())));
      }).start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info("MCP gateway on http://{}:{}{} over the query service at {}", config.host(), app.port(),
        config.endpoint(), config.queryServiceUrl());
    return new McpGateway(server, app);
  }

  /**
   * Serves the same tools over stdio (one client: the process that started this JVM) until the returned server
   * is closed. Nothing else may write to {@code out}.
   */
  public static McpSyncServer startStdio(McpConfig config, InputStream in, OutputStream out) {
    QueryClient client = new QueryClient(config.queryServiceUrl(), config.queryTimeout(), config.queryServiceToken());
    return McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out))
        .serverInfo(SERVER_NAME, SERVER_VERSION)
        .instructions(INSTRUCTIONS)
        .capabilities(ServerCapabilities.builder().tools(false).build())
        .tools(tools(client))
        .build();
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    try {
      server.closeGracefully();
    } finally {
      app.stop();
    }
  }
}
