package io.fgm.flink.source;

/**
 * A record that could not be decoded, with the reason: what goes to the dead-letter topic. A Flink POJO.
 *
 * <p>{@link #reason} is short and machine-readable ({@code empty}, {@code bad-header}, {@code unknown-schema},
 * {@code corrupt}, see {@link io.fgm.schema.SampleDecodeException#reason()}); {@link #message} is for people.
 */
public final class DeadLetter {
  public RawRecord record;
  public String reason;
  public String message;

  public DeadLetter() {}

  public DeadLetter(RawRecord record, String reason, String message) {
    this.record = record;
    this.reason = reason;
    this.message = message;
  }
}
