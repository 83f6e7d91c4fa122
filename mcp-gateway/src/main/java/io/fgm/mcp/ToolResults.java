package io.fgm.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds tool results and turns failures into MCP tool errors: a bad argument (ours, or a 4xx from the query
 * service naming a parameter) becomes {@code isError=true} with a message that names the argument, so the model
 * can correct its call; anything else is logged and reported without a stack trace.
 */
final class ToolResults {
  private static final Logger LOG = LoggerFactory.getLogger(ToolResults.class);

  private ToolResults() {}

  static CallToolResult ok(String text, Map<String, Object> structured) {
    return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
  }

  static CallToolResult error(String text) {
    return CallToolResult.builder().addTextContent(text).isError(true).build();
  }

  /** Wraps a handler over parsed arguments with the error mapping above. */
  static BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> guarded(
      String tool, Function<ToolArgs, CallToolResult> handler) {
    return (exchange, request) -> {
      try {
        return handler.apply(new ToolArgs(request.arguments()));
      } catch (ToolArgumentException e) {
        return error("Invalid argument '" + e.argument() + "': " + e.getMessage());
      } catch (QueryServiceException e) {
        if (e.isClientError() && e.parameter() != null) {
          return error("Invalid argument '" + e.parameter() + "': " + e.getMessage());
        }
        LOG.warn("tool {} failed: query service: {}", tool, e.getMessage());
        return error("The query service failed: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("tool {} failed", tool, e);
        return error("Internal error in " + tool + ": " + e);
      }
    };
  }
}
