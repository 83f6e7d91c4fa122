package io.fgm.mcp;

/**
 * The query service answered with an error, or could not be reached. {@link #parameter()} names the request
 * parameter the service rejected (its 4xx body says which), or is null.
 */
public final class QueryServiceException extends RuntimeException {
  private final int status;
  private final String parameter;

  public QueryServiceException(int status, String parameter, String message) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }

  /** HTTP status, or 0 when the service could not be reached. */
  public int status() {
    return status;
  }

  public String parameter() {
    return parameter;
  }

  /** True for 4xx: the request was wrong, not the service. */
  public boolean isClientError() {
    return status >= 400 && status < 500;
  }
}
