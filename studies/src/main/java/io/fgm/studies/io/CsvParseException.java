package io.fgm.studies.io;

/** A CSV series that cannot be read; the message names the 1-based line. */
public final class CsvParseException extends IllegalArgumentException {
    private final int line;

    public CsvParseException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line number of the problem. */
    public int line() {
        return line;
    }
}
