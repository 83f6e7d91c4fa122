package io.fgm.mcp;

/** A tool was called with a bad argument; becomes an MCP tool error ({@code isError=true}) naming it. */
public final class ToolArgumentException extends RuntimeException {
  private final String argument;

  public ToolArgumentException(String argument, String message) {
    super(message);
    this.argument = argument;
  }

  public String argument() {
    return argument;
  }
}
