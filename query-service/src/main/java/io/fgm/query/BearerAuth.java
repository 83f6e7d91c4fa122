package io.fgm.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer <token>} headers against one configured token, in constant time so the
 * comparison does not leak how much of a guess was right. Shared by the query service and the MCP gateway.
 */
public final class BearerAuth {
  private final byte[] expected;

  public BearerAuth(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  /** True when {@code authorizationHeader} is {@code Bearer <the token>}. */
  public boolean accepts(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected);
  }

  /** Thrown by a request filter; the server answers 401 with a JSON error. */
  public static final class Unauthorized extends RuntimeException {
    public Unauthorized() {
      super("missing or invalid bearer token (Authorization: Bearer <token>)");
    }
  }
}
