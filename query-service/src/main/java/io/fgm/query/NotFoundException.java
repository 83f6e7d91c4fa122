package io.fgm.query;

/**
 * The request was well formed but names something the store does not hold in the range (e.g. a container without
 * the metric). The HTTP shell answers 404 with {@code {"error": ..., "parameter": ...}}.
 */
public final class NotFoundException extends RuntimeException {
  private final String parameter;

  public NotFoundException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
