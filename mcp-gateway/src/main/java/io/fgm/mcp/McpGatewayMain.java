package io.fgm.mcp;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line: runs the MCP gateway until interrupted ({@code ./fgm mcp --query-url http://127.0.0.1:8050}). */
@Command(
    name = "fgm mcp",
    mixinStandardHelpOptions = true,
    description = "MCP server (Streamable HTTP) with tools for LLM agents over the fgm query service.")
public final class McpGatewayMain implements Callable<Integer> {
  @Option(names = "--query-url", defaultValue = "http://127.0.0.1:8050",
      description = "Base URL of the query service (default: ${DEFAULT-VALUE}).")
  String queryUrl;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--endpoint", defaultValue = "/mcp", description = "MCP endpoint path (default: ${DEFAULT-VALUE}).")
  String endpoint;

  @Override
  public Integer call() throws Exception {
    McpGateway gateway = McpGateway.start(
        McpConfig.builder().queryServiceUrl(queryUrl).host(host).port(port).endpoint(endpoint).build());
    CountDownLatch stopped = new CountDownLatch(1);
    // the hook stops the gateway itself: on Ctrl-C the JVM does not wait for main to run a finally block
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }, "fgm-mcp-shutdown"));
    System.out.println("fgm MCP gateway on http://" + host + ":" + gateway.port() + endpoint);
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new McpGatewayMain()).execute(args));
  }
}
