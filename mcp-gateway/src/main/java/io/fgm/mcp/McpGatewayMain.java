package io.fgm.mcp;

import io.modelcontextprotocol.server.McpSyncServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line: runs the MCP gateway until interrupted ({@code ./fgm mcp --query-url http://127.0.0.1:8050}), over
 * Streamable HTTP (default) or stdio ({@code --transport stdio}, for a local assistant that starts the gateway
 * itself). Tokens come from the environment so they do not show in process listings: {@code FGM_MCP_TOKEN}
 * (required from MCP clients over HTTP) and {@code FGM_QUERY_TOKEN} (sent to the query service).
 */
@Command(
    name = "fgm mcp",
    mixinStandardHelpOptions = true,
    description = "MCP server with tools for LLM agents over the fgm query service. Environment: FGM_MCP_TOKEN "
        + "(bearer token required on /mcp), FGM_QUERY_TOKEN (bearer token for the query service).")
public final class McpGatewayMain implements Callable<Integer> {
  enum Transport { http, stdio }

  @Option(names = "--query-url", defaultValue = "http://127.0.0.1:8050",
      description = "Base URL of the query service (default: ${DEFAULT-VALUE}).")
  String queryUrl;

  @Option(names = "--transport", defaultValue = "http",
      description = "http (Streamable HTTP) or stdio (default: ${DEFAULT-VALUE}).")
  Transport transport;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--endpoint", defaultValue = "/mcp", description = "MCP endpoint path (default: ${DEFAULT-VALUE}).")
  String endpoint;

  @Override
  public Integer call() throws Exception {
    McpConfig config = McpConfig.builder().queryServiceUrl(queryUrl).host(host).port(port).endpoint(endpoint)
        .bearerToken(System.getenv("FGM_MCP_TOKEN")).queryServiceToken(System.getenv("FGM_QUERY_TOKEN")).build();
    CountDownLatch stopped = new CountDownLatch(1);
    AutoCloseable running;
    if (transport == Transport.stdio) {
      McpSyncServer server = McpGateway.startStdio(config, System.in, System.out);
      running = server::closeGracefully;
      System.err.println("fgm MCP gateway on stdio over " + queryUrl); // stdout carries the protocol
    } else {
      McpGateway gateway = McpGateway.start(config);
      running = gateway;
      System.out.println("fgm MCP gateway on http://" + host + ":" + gateway.port() + endpoint);
    }
    // the hook stops the server itself: on Ctrl-C the JVM does not wait for main to run a finally block
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
      stopped.countDown();
    }, "fgm-mcp-shutdown"));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new McpGatewayMain()).execute(args));
  }
}
