package io.fgm.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A servlet filter in front of the MCP servlet: requests without {@code Authorization: Bearer <token>} get 401
 * with a JSON error and {@code WWW-Authenticate: Bearer}. Compares in constant time.
 */
final class BearerTokenFilter implements Filter {
  private final byte[] expected;

  BearerTokenFilter(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String header = ((HttpServletRequest) req).getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8), expected)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletResponse r = (HttpServletResponse) res;
    r.setStatus(401);
    r.setHeader("WWW-Authenticate", "Bearer");
    r.setContentType("application/json");
    r.getWriter().write("{\"error\":\"missing or invalid bearer token (Authorization: Bearer <token>)\"}");
  }
}
