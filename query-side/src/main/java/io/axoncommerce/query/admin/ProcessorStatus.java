package io.axoncommerce.query.admin;

/**
 * One event processor as the admin API shows it. Positions are global event store indexes: {@code position} is the
 * lowest position any of its segments has processed (null before the first), {@code head} the store's last event,
 * {@code lag} the events between them. {@code progress} is the percentage of the way to the replay's end while
 * replaying, else to the head.
 */
public record ProcessorStatus(String name, String status, Long position, long head, long lag, boolean replaying,
                              double progress, int segments, int claimedSegments) {
}
