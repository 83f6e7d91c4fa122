package io.fgm.podwatcher;

import java.time.Clock;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval and says how many were suppressed in between: an unreachable broker
 * fails every record, and one line per record would bury the log.
 */
final class RateLimitedWarning {
  private final Logger log;
  private final Clock clock;
  private final long intervalMs;
  private long lastMs = Long.MIN_VALUE;
  private long suppressed;

  RateLimitedWarning(Logger log, Clock clock, long intervalMs) {
    this.log = log;
    this.clock = clock;
    this.intervalMs = intervalMs;
  }

  synchronized void warn(String format, Object... args) {
    long now = clock.millis();
    if (lastMs != Long.MIN_VALUE && now - lastMs < intervalMs) {
      suppressed++;
      return;
    }
    if (suppressed > 0) {
      log.warn("({} similar warnings suppressed in the last {} s)", suppressed, (now - lastMs) / 1000);
    }
    suppressed = 0;
    lastMs = now;
    log.warn(format, args);
  }
}
