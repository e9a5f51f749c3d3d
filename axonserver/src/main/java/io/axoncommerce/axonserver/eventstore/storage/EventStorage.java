package io.axoncommerce.axonserver.eventstore.storage;

import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The system of record: a durable, append-only store of events and snapshots for one context.
 *
 * <p>Contract shared by the gRPC services and every implementation:
 * <ul>
 *   <li>Global tokens are 0-based and contiguous; the token of an event never changes.</li>
 *   <li>{@link #appendEvents} is atomic (all events of the transaction or none, also across a crash) and completes
 *   only once the events are durable (fsync'd). Concurrent transactions may share one fsync (group commit).</li>
 *   <li>Per aggregate, sequence numbers are gap-free and unique: a transaction whose first event for an aggregate
 *   does not continue that aggregate's stream fails with {@link SequenceConflictException} and stores nothing.</li>
 * </ul>
 */
public interface EventStorage extends AutoCloseable {

    /**
     * Appends one transaction. The future completes with the token of the first event once all events are durable,
     * or exceptionally with {@link SequenceConflictException} (nothing stored) or {@link StorageException}.
     * An empty list completes at once with {@code lastToken() + 1}, the token the next event will get.
     */
    CompletableFuture<Long> appendEvents(List<Event> events);

    /** Stores a snapshot durably; a later snapshot with the same aggregate sequence replaces an earlier one. */
    CompletableFuture<Void> appendSnapshot(Event snapshot);

    /**
     * Events of one aggregate with sequence in {@code [fromSequence, toSequence]} (inclusive), ascending.
     * Pass {@code Long.MAX_VALUE} as {@code toSequence} for "to the end".
     */
    List<Event> readAggregateEvents(String aggregateId, long fromSequence, long toSequence);

    /**
     * The same events as {@link #readAggregateEvents}, each with its global token (the dashboard links an
     * aggregate's timeline to the events' details).
     */
    List<EventWithToken> readAggregateEventsWithTokens(String aggregateId, long fromSequence, long toSequence);

    /**
     * Snapshots of one aggregate with sequence in {@code [fromSequence, toSequence]}, newest first, at most
     * {@code maxResults} (0 or less means all).
     */
    List<Event> readSnapshots(String aggregateId, long fromSequence, long toSequence, int maxResults);

    /**
     * Snapshots of every aggregate in storage order (by aggregate, then sequence), starting after {@code after}
     * ({@code null}: from the first), at most {@code maxCount}: a scan over all snapshots, page by page.
     */
    List<Event> scanSnapshots(Event after, int maxCount);

    /** Highest sequence number stored for the aggregate, or -1 when it has no events. */
    long highestSequence(String aggregateId);

    /** Token of the first event, or 0 when the store is empty (events are never deleted, so always 0 here). */
    long firstToken();

    /** Token of the last durable event, or -1 when the store is empty. */
    long lastToken();

    /** Token of the first event whose timestamp is at or after {@code instant}, or {@link #lastToken()} + 1. */
    long tokenAt(Instant instant);

    /**
     * Reads durable events from {@code fromToken} (inclusive) in token order, at most {@code maxCount}. Returns an
     * empty list when {@code fromToken} is past the head.
     */
    List<EventWithToken> readEvents(long fromToken, int maxCount);

    /**
     * Like {@link #readEvents} but returns each event as stored (its protobuf {@code Event} encoding), unparsed: for
     * callers that only pass the bytes on, such as {@code ListEvents}, which writes them to the wire as they are.
     */
    List<SerializedEvent> readSerializedEvents(long fromToken, int maxCount);

    /**
     * Registers a listener called with the new last token after each durable commit (from the committing thread;
     * listeners must not block). Listeners are called before the commit's append futures complete, so a reader
     * notified this way never lags behind an acknowledged append. Returns a handle that unregisters it.
     */
    AutoCloseable onCommit(LongConsumer listener);

    /** Number of aggregates that have at least one event. */
    long aggregateCount();

    /** Number of snapshots stored. */
    long snapshotCount();

    /** Bytes the store occupies on disk. */
    long sizeOnDisk();

    /** Durable storage for events scheduled for later publication (Axon Server's event scheduler). */
    ScheduledEventStore scheduledEvents();

    @Override
    void close();
}
