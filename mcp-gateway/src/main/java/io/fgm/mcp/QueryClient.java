package io.fgm.mcp;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the query service's JSON API ({@code GET /api/...}), on java.net.http and Jackson 3. The
 * gateway keeps no data: every tool call is one or a few calls through this client.
 */
public final class QueryClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private volatile Map<String, String> units;

  private final String authorization;

  public QueryClient(URI base, Duration timeout) {
    this(base, timeout, null);
  }

  /** A client sending {@code Authorization: Bearer <token>} when {@code token} is not null. */
  public QueryClient(URI base, Duration timeout, String token) {
    this.base = base;
    this.timeout = timeout;
    this.authorization = token == null ? null : "Bearer " + token;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * GETs {@code path} with the non-null {@code params} (URL-encoded) and returns the parsed JSON body.
   *
   * @throws QueryServiceException on a non-2xx answer (with the service's message and parameter), an unreachable
   *     service or a body that is not JSON
   */
  public JsonNode get(String path, Map<String, ?> params) {
    StringJoiner query = new StringJoiner("&");
    params.forEach((k, v) -> {
      if (v != null) {
        query.add(enc(k) + "=" + enc(String.valueOf(v)));
      }
    });
    URI uri = URI.create(base + path + (query.length() == 0 ? "" : "?" + query));
    HttpResponse<String> r;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      r = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new QueryServiceException(0, null, "query service at " + base + " unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryServiceException(0, null, "interrupted while calling the query service");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (JacksonException e) {
      throw new QueryServiceException(r.statusCode(), null,
          "query service answered " + r.statusCode() + " with a non-JSON body for " + path);
    }
    if (r.statusCode() / 100 != 2) {
      String message = body.path("error").asString("HTTP " + r.statusCode());
      String parameter = body.hasNonNull("parameter") ? body.get("parameter").asString() : null;
      throw new QueryServiceException(r.statusCode(), parameter, message);
    }
    return body;
  }

  /**
   * The unit symbol of {@code metric} from the service's catalogue ({@code /api/metrics}), loaded once; null for
   * metrics outside the catalogue.
   */
  public String unitOf(String metric) {
    Map<String, String> units = this.units;
    if (units == null) {
      Map<String, String> loaded = new java.util.HashMap<>();
      for (JsonNode m : get("/api/metrics", Map.of()).get("metrics")) {
        if (m.hasNonNull("unit")) {
          loaded.put(m.get("name").asString(), m.get("unit").asString());
        }
      }
      units = Map.copyOf(loaded);
      this.units = units;
    }
    return units.get(metric);
  }

  /** A JSON object as plain maps and lists, for structured tool content. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(JsonNode node) {
    return JSON.convertValue(node, Map.class);
  }

  public URI base() {
    return base;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
