package io.axoncommerce.axonserver.eventstore.storage;

import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * {@link EventStorage} on two embedded RocksDB databases ({@link RocksLayout}): appends through one group-commit
 * writer ({@link GroupCommitWriter}: one fsync per group of transactions, all-or-nothing after a crash), reads of
 * events by token, aggregate and time ({@link EventReads}), snapshots ({@link SnapshotStore}) and scheduled events
 * ({@link RocksScheduledEventStore}). See {@code axonserver/docs/storage.md}.
 */
public final class RocksDbEventStorage implements EventStorage {

    private final RocksLayout layout;
    private final EventReads reads;
    private final GroupCommitWriter writer;
    private final SnapshotStore snapshots;
    private final RocksScheduledEventStore scheduledEvents;

    private RocksDbEventStorage(Path eventStorageDir, Path snapshotStorageDir) throws RocksDBException, IOException {
        layout = new RocksLayout(eventStorageDir, snapshotStorageDir);
        // the reads see up to the head the writer has published; the writer validates against the index
        reads = new EventReads(layout, this::lastToken);
        snapshots = new SnapshotStore(layout);
        writer = new GroupCommitWriter(layout, reads::seekHighestSequence);
        scheduledEvents = new RocksScheduledEventStore(layout);
    }

    /**
     * Opens (or creates) the storage. Recovery reads only the last key of the event and time indexes and two
     * counters, so opening does not depend on the number of events stored (RocksDB itself replays its WAL).
     */
    public static RocksDbEventStorage open(Path eventStorageDir, Path snapshotStorageDir) {
        try {
            return new RocksDbEventStorage(eventStorageDir, snapshotStorageDir);
        } catch (RocksDBException | IOException e) {
            throw new StorageException("Cannot open event storage in " + eventStorageDir + " / "
                    + snapshotStorageDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Long> appendEvents(List<Event> events) {
        return writer.append(events);
    }

    @Override
    public CompletableFuture<Void> appendSnapshot(Event snapshot) {
        return snapshots.append(snapshot);
    }

    @Override
    public List<Event> readAggregateEvents(String aggregateId, long fromSequence, long toSequence) {
        return reads.readAggregateEvents(aggregateId, fromSequence, toSequence);
    }

    @Override
    public List<EventWithToken> readAggregateEventsWithTokens(String aggregateId, long fromSequence,
                                                              long toSequence) {
        return reads.readAggregateEventsWithTokens(aggregateId, fromSequence, toSequence);
    }

    @Override
    public List<Event> readSnapshots(String aggregateId, long fromSequence, long toSequence, int maxResults) {
        return snapshots.read(aggregateId, fromSequence, toSequence, maxResults);
    }

    @Override
    public List<Event> scanSnapshots(Event after, int maxCount) {
        return snapshots.scan(after, maxCount);
    }

    @Override
    public long highestSequence(String aggregateId) {
        return reads.highestSequence(aggregateId);
    }

    @Override
    public long firstToken() {
        // Events are never deleted, so the first token is 0 whether or not the store is empty.
        return 0;
    }

    @Override
    public long lastToken() {
        return writer.lastToken();
    }

    @Override
    public long tokenAt(Instant instant) {
        return reads.tokenAt(instant);
    }

    @Override
    public List<EventWithToken> readEvents(long fromToken, int maxCount) {
        return reads.readEvents(fromToken, maxCount);
    }

    @Override
    public List<SerializedEvent> readSerializedEvents(long fromToken, int maxCount) {
        return reads.readSerializedEvents(fromToken, maxCount);
    }

    @Override
    public AutoCloseable onCommit(LongConsumer listener) {
        return writer.onCommit(listener);
    }

    @Override
    public long aggregateCount() {
        return writer.aggregateCount();
    }

    @Override
    public long snapshotCount() {
        return snapshots.count();
    }

    @Override
    public long sizeOnDisk() {
        return layout.sizeOnDisk();
    }

    @Override
    public ScheduledEventStore scheduledEvents() {
        return scheduledEvents;
    }

    /**
     * Stops accepting appends, lets the writer finish the group it is writing, fails the appends still queued with
     * {@link StorageException}, waits for running reads, then closes column families before their databases and
     * the options last.
     */
    @Override
    public void close() {
        if (!layout.markClosed()) {
            return;
        }
        writer.stop();
        snapshots.stop();
        layout.close();
    }
}
