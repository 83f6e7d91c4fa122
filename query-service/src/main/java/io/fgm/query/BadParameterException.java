package io.fgm.query;

import java.util.Objects;

/**
 * A request parameter was missing, malformed or out of bounds. The HTTP shell turns it into a 400 with
 * {@code {"error": message, "parameter": parameter}}; the MCP gateway turns it into a tool error.
 */
public final class BadParameterException extends RuntimeException {
  private final String parameter;

  public BadParameterException(String parameter, String message) {
    super(message);
    this.parameter = Objects.requireNonNull(parameter, "parameter");
  }

  /** Name of the offending request parameter, as the client spelled it. */
  public String parameter() {
    return parameter;
  }
}
