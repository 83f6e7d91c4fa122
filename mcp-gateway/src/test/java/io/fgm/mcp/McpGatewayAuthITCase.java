package io.fgm.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.query.fixture.ClusterFixture;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for the optional bearer-token auth of {@link McpGateway}, on its endpoint and towards the query service. */
class McpGatewayAuthITCase {
  static final String MCP_TOKEN = "mcp-token";
  static final String QUERY_TOKEN = "query-token";
  @TempDir static Path store;
  static QueryServer query;
  static McpGateway gateway;
  static McpGateway gatewayWithoutQueryToken;

  @BeforeAll
  static void start() {
    ClusterFixture.write(store);
    query = QueryServer.start(QueryConfig.builder().storePath(store).port(0).bearerToken(QUERY_TOKEN).build());
    String url = "http://127.0.0.1:" + query.port();
    gateway = McpGateway.start(McpConfig.builder().port(0).queryServiceUrl(url).bearerToken(MCP_TOKEN)
        .queryServiceToken(QUERY_TOKEN).build());
    gatewayWithoutQueryToken = McpGateway.start(McpConfig.builder().port(0).queryServiceUrl(url).build());
  }

  @AfterAll
  static void stop() {
    gateway.close();
    gatewayWithoutQueryToken.close();
    query.close();
  }

  @Test
  void a_client_without_the_token_cannot_connect() {
    McpSyncClient c = client(gateway.port(), null);
    try {
      assertThrows(RuntimeException.class, c::initialize);
    } finally {
      c.closeGracefully();
    }
  }

  @Test
  void a_client_with_the_wrong_token_cannot_connect() {
    McpSyncClient c = client(gateway.port(), "nope");
    try {
      assertThrows(RuntimeException.class, c::initialize);
    } finally {
      c.closeGracefully();
    }
  }

  @Test
  void a_client_with_the_token_reaches_the_query_service_through_its_token() {
    McpSyncClient c = client(gateway.port(), MCP_TOKEN);
    try {
      c.initialize();
      CallToolResult r = c.callTool(new CallToolRequest("list_nodes", Map.of("from", "2026-03-01", "to",
          "2026-03-03")));
      assertFalse(r.isError(), ((TextContent) r.content().get(0)).text());
    } finally {
      c.closeGracefully();
    }
  }

  @Test
  void a_gateway_without_the_query_token_reports_the_refusal_as_a_tool_error() {
    McpSyncClient c = client(gatewayWithoutQueryToken.port(), null);
    try {
      c.initialize();
      CallToolResult r = c.callTool(new CallToolRequest("list_nodes", Map.of()));
      assertTrue(r.isError());
      assertTrue(((TextContent) r.content().get(0)).text().contains("bearer token"));
    } finally {
      c.closeGracefully();
    }
  }

  static McpSyncClient client(int port, String token) {
    HttpClientStreamableHttpTransport.Builder t =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp");
    if (token != null) {
      t.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token));
    }
    return McpClient.sync(t.build()).requestTimeout(Duration.ofSeconds(10)).initializationTimeout(
        Duration.ofSeconds(10)).build();
  }
}
