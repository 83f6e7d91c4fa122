package io.fgm.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.query.fixture.ClusterFixture;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for the stdio transport: the SDK's stdio client starts {@link McpGatewayMain} as a child JVM. */
class McpStdioITCase {
  @TempDir Path store;

  @Test
  void a_stdio_client_lists_containers_through_a_child_gateway() {
    ClusterFixture.write(store);
    try (QueryServer query = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(ClusterFixture.END), ZoneOffset.UTC)).build())) {
      ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java")
              .toString())
          .args("-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
              McpGatewayMain.class.getName(), "--transport", "stdio",
              "--query-url", "http://127.0.0.1:" + query.port())
          .build();
      McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
          .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
      try {
        client.initialize();
        CallToolResult r = client.callTool(new CallToolRequest("list_containers", Map.of("namespace", "prod")));
        String text = ((TextContent) r.content().get(0)).text();
        assertFalse(r.isError(), text);
        assertTrue(text.startsWith("Showing 2 of 2 containers"), text);
      } finally {
        client.closeGracefully();
      }
    }
  }
}
