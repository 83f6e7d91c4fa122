package io.fgm.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the MCP gateway. Build with {@link #builder()}; {@link Builder#build()} validates.
 *
 * @param host address to bind (loopback by default)
 * @param port HTTP port of the Streamable HTTP endpoint; 0 picks a free one
 * @param endpoint path of the MCP endpoint
 * @param queryServiceUrl base URL of the query service, e.g. {@code http://127.0.0.1:8050}
 * @param queryTimeout timeout of one call to the query service
 * @param bearerToken when set, the MCP endpoint requires {@code Authorization: Bearer <token>}
 * @param queryServiceToken when set, sent as a bearer token to the query service
 */
public record McpConfig(String host, int port, String endpoint, URI queryServiceUrl, Duration queryTimeout,
    String bearerToken, String queryServiceToken) {

  @Override
  public String toString() { // never log the tokens
    return "McpConfig[host=" + host + ", port=" + port + ", endpoint=" + endpoint + ", queryServiceUrl="
        + queryServiceUrl + ", queryTimeout=" + queryTimeout + ", auth=" + (bearerToken != null) + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with defaults: 127.0.0.1:8080, endpoint {@code /mcp}, 30 s query timeout. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private String endpoint = "/mcp";
    private String queryServiceUrl;
    private Duration queryTimeout = Duration.ofSeconds(30);
    private String bearerToken;
    private String queryServiceToken;

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder endpoint(String v) {
      endpoint = v;
      return this;
    }

    public Builder queryServiceUrl(String v) {
      queryServiceUrl = v;
      return this;
    }

    public Builder queryTimeout(Duration v) {
      queryTimeout = v;
      return this;
    }

    /** Requires {@code Authorization: Bearer <token>} on the MCP endpoint; null or blank: no auth. */
    public Builder bearerToken(String v) {
      bearerToken = v == null || v.isBlank() ? null : v;
      return this;
    }

    /** Bearer token for calls to the query service; null or blank: none. */
    public Builder queryServiceToken(String v) {
      queryServiceToken = v == null || v.isBlank() ? null : v;
      return this;
    }

    public McpConfig build() {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(queryServiceUrl, "queryServiceUrl");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      if (endpoint == null || !endpoint.startsWith("/") || endpoint.length() < 2) {
        throw new IllegalArgumentException("endpoint must be a path like /mcp, was " + endpoint);
      }
      if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
        throw new IllegalArgumentException("queryTimeout must be positive");
      }
      URI url = URI.create(queryServiceUrl.endsWith("/") ? queryServiceUrl.substring(0, queryServiceUrl.length() - 1)
          : queryServiceUrl);
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("queryServiceUrl must be http(s)://host:port, was " + queryServiceUrl);
      }
      return new McpConfig(host, port, endpoint, url, queryTimeout, bearerToken, queryServiceToken);
    }
  }
}
