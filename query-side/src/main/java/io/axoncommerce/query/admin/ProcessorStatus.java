package io.axoncommerce.query.admin;

import java.time.Instant;

/**
 * One event processor as the admin API shows it. Positions are global event store indexes: {@code position} is the
 * lowest position any of its segments has processed (null before the first), {@code head} the store's last event,
 * {@code lag} the events between them. {@code progress} is the percentage of the way to the replay's end while
 * replaying, else to the head; {@code replay} describes the replay in progress (null when there is none, or when it
 * was started from code rather than the admin API).
 */
public record ProcessorStatus(String name, String status, Long position, long head, long lag, boolean replaying,
                              double progress, Replay replay, int segments, int claimedSegments) {

    /**
     * A replay started from the admin API: it re-applies the events after {@code fromPosition} up to and including
     * {@code toPosition} (the head when it started). {@code from} is the requested start time (null: a full replay).
     * {@code etaSeconds} extrapolates the rate since {@code startedAt} (null until the first events are done).
     */
    public record Replay(Instant from, long fromPosition, long toPosition, Instant startedAt, Long etaSeconds) {
    }
}
