package io.fgm.podwatcher;

/** A pod the watcher cannot publish (no UID, name or namespace); it is counted and skipped, never fatal. */
public final class InvalidPodException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidPodException(String message) {
    super(message);
  }
}
