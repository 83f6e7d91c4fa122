package io.fgm.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for the optional bearer-token auth of {@link QueryServer}. */
class QueryServerAuthITCase {
  static final String TOKEN = "s3cret-token";
  @TempDir static Path store;
  static QueryServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = QueryServer.start(QueryConfig.builder().storePath(store).port(0).bearerToken(TOKEN).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void health_needs_no_token() throws Exception {
    assertEquals(200, get("/api/health", null).statusCode());
  }

  @Test
  void a_missing_or_wrong_token_gets_401_with_a_json_error() throws Exception {
    for (String header : new String[] {null, "Bearer wrong", "Basic " + TOKEN, "Bearer " + TOKEN + "x"}) {
      HttpResponse<String> r = get("/api/containers", header);
      assertEquals(401, r.statusCode(), String.valueOf(header));
      assertTrue(r.body().contains("bearer token"), r.body());
      assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(""));
    }
  }

  @Test
  void the_right_token_is_let_through() throws Exception {
    assertEquals(200, get("/api/containers", "Bearer " + TOKEN).statusCode());
    assertEquals(200, get("/openapi.json", "bearer " + TOKEN).statusCode());
  }

  static HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
