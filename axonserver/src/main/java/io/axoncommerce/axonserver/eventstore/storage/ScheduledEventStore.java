package io.axoncommerce.axonserver.eventstore.storage;

import java.util.List;

/**
 * Durable store of events scheduled for later publication, so that scheduled events (and the saga deadlines built on
 * them) survive a restart of the server. Writes are durable when the method returns.
 */
public interface ScheduledEventStore {

    /** A scheduled event: {@code payload} is the serialized {@code io.axoniq.axonserver.grpc.event.Event}. */
    record ScheduledEvent(String scheduleToken, long dueEpochMillis, byte[] payload) {
    }

    /** Stores or replaces the schedule with this token. */
    void put(ScheduledEvent event);

    /** Removes the schedule; returns whether it existed. */
    boolean remove(String scheduleToken);

    /** Every stored schedule, in any order (used at start-up to re-arm timers). */
    List<ScheduledEvent> all();
}
