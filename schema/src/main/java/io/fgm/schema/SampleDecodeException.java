package io.fgm.schema;

/** A Kafka record that is not a readable {@link ContainerSample}; {@link #reason()} says why, for dead-letters. */
public final class SampleDecodeException extends Exception {
  private final String reason;

  public SampleDecodeException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Short machine-readable reason: {@code empty}, {@code bad-header}, {@code unknown-schema}, {@code corrupt}. */
  public String reason() {
    return reason;
  }
}
