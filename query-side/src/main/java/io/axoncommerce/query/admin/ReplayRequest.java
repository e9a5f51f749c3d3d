package io.axoncommerce.query.admin;

import java.time.Instant;

/**
 * The reset context of a replay started from the admin API. Without {@code from} it is a full replay: the projections
 * rebuild into a new collection or index beside the live one and the whole event store is applied again. With
 * {@code from} the processors re-read the events from that moment on and re-apply them onto the existing read models;
 * the per-document versions make that a repair (e.g. of writes the embedded store lost), never a double count.
 * <p>
 * The replay starts after the event at {@code startPosition} (-1: the first event) and has caught up when it has
 * processed the event at {@code headAtStart}, the last one stored when the replay was started at {@code startedAt}.
 * {@link ProcessorAdmin} keeps it per processor in MongoDB, so a restart mid-replay still reports its progress.
 */
public record ReplayRequest(Instant from, long startPosition, long headAtStart, Instant startedAt) {

    /** Whether a reset with this context rebuilds from scratch; a reset without our context (e.g. from code) does. */
    public static boolean isFull(Object resetContext) {
        return !(resetContext instanceof ReplayRequest request) || request.from() == null;
    }
}
