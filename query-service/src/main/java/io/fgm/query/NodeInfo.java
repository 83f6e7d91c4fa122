package io.fgm.query;

/**
 * A node with data in the requested range.
 *
 * @param node node name
 * @param containers number of distinct containers seen on it
 * @param firstSeenMs earliest row time, epoch ms
 * @param lastSeenMs latest row time, epoch ms
 */
public record NodeInfo(String node, int containers, long firstSeenMs, long lastSeenMs) {}
