package io.axoncommerce.axonserver.eventstore.storage;

import io.axoniq.axonserver.grpc.event.Event;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;

/**
 * All appends go through one writer thread. It takes every transaction waiting in the queue (a group), validates
 * each against the aggregates' highest sequences (including earlier transactions of the same group), assigns
 * contiguous tokens to the accepted ones and writes the whole group as a single {@link WriteBatch} with a synced WAL
 * write: one fsync for the group, and RocksDB replays a batch from its WAL entirely or not at all. Only after the
 * write returns does a second thread advance {@link #lastToken()}, notify listeners and complete the futures, while
 * the writer already validates and writes the next group. See {@code axonserver/docs/storage.md}.
 */
final class GroupCommitWriter {

    private static final byte[] AGGREGATE_COUNT_KEY = "aggregate-count".getBytes(StandardCharsets.UTF_8);
    /** Bounds one group's batch (and so the latency of its first transaction) under a flood of appends. */
    private static final int MAX_GROUP_TRANSACTIONS = 2048;
    /** Highest sequences the writer remembers; misses cost one index seek. */
    private static final int SEQUENCE_CACHE_SIZE = 100_000;

    private record PendingAppend(List<Event> events, CompletableFuture<Long> future) {
    }

    private static final PendingAppend WAKE_UP = new PendingAppend(List.of(), new CompletableFuture<>());

    /** A group on disk whose appenders have not been told yet. */
    private record CommittedGroup(long head, List<PendingAppend> accepted, long[] firstTokens) {
    }

    private static final CommittedGroup STOP = new CommittedGroup(-1, List.of(), new long[0]);

    private final RocksLayout layout;
    /** The aggregate's highest sequence in the index, or -1 (read with the databases held open by the caller). */
    private final ToLongFunction<String> indexedHighest;
    private final BlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<CommittedGroup> committed = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Thread completer;
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

    /** Set when a group write failed: its outcome on disk is unknown, so no further token may be handed out. */
    private volatile StorageException failure;
    private volatile long lastToken;
    private volatile long aggregateCount;

    // Owned by the writer thread.
    private long nextToken;
    private long maxTimestamp;
    private final Map<String, Long> highestSequences = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > SEQUENCE_CACHE_SIZE;
        }
    };

    /**
     * Recovers the head from the last keys of the event and time indexes and the aggregate counter, so opening does
     * not depend on the number of events stored; then starts the writer and the completer.
     */
    GroupCommitWriter(RocksLayout layout, ToLongFunction<String> indexedHighest) throws RocksDBException {
        this.layout = layout;
        this.indexedHighest = indexedHighest;
        try (RocksIterator it = layout.eventDb.newIterator(layout.eventsCf)) {
            it.seekToLast();
            lastToken = it.isValid() ? Keys.readLong(it.key()) : -1;
            it.status();
        }
        nextToken = lastToken + 1;
        try (RocksIterator it = layout.eventDb.newIterator(layout.timeCf)) {
            it.seekToLast();
            maxTimestamp = it.isValid() ? Keys.readLong(it.key()) : -1;
            it.status();
        }
        byte[] aggregates = layout.eventDb.get(layout.metaCf, AGGREGATE_COUNT_KEY);
        aggregateCount = aggregates == null ? 0 : Keys.readLong(aggregates);

        writer = Thread.ofPlatform().name("event-storage-writer").daemon().unstarted(this::writeLoop);
        completer = Thread.ofPlatform().name("event-storage-completer").daemon().unstarted(this::completeLoop);
        completer.start();
        writer.start();
    }

    long lastToken() {
        return lastToken;
    }

    long aggregateCount() {
        return aggregateCount;
    }

    AutoCloseable onCommit(LongConsumer listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    CompletableFuture<Long> append(List<Event> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(lastToken + 1);
        }
        CompletableFuture<Long> future = new CompletableFuture<>();
        try {
            // under the layout's lifecycle lock: once closing began, nothing more enters the queue
            StorageException failed = layout.read(() -> {
                if (failure == null) {
                    queue.add(new PendingAppend(List.copyOf(events), future));
                }
                return failure;
            });
            return failed == null ? future : CompletableFuture.failedFuture(failed);
        } catch (StorageException closed) {
            return CompletableFuture.failedFuture(closed);
        }
    }

    private void writeLoop() {
        List<PendingAppend> group = new ArrayList<>();
        while (!layout.isClosed()) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, MAX_GROUP_TRANSACTIONS - 1);
            group.removeIf(p -> p == WAKE_UP);
            if (!group.isEmpty()) {
                try {
                    commit(group);
                } catch (RuntimeException | Error e) {
                    // Never leave a caller waiting, whatever went wrong.
                    StorageException failed = new StorageException("Append failed: " + e, e);
                    group.forEach(p -> p.future.completeExceptionally(failed));
                }
            }
            group.clear();
        }
    }

    private void commit(List<PendingAppend> group) {
        StorageException failed = failure;
        if (failed != null) {
            group.forEach(p -> p.future.completeExceptionally(failed));
            return;
        }
        Map<String, Long> groupHighest = new HashMap<>();
        List<PendingAppend> accepted = new ArrayList<>(group.size());
        long[] firstTokens = new long[group.size()];
        long token = nextToken;
        long timestamp = maxTimestamp;
        long newAggregates = 0;
        try (WriteBatch batch = new WriteBatch()) {
            for (PendingAppend pending : group) {
                Map<String, Long> txHighest = validate(pending, groupHighest);
                if (txHighest == null) {
                    continue;
                }
                firstTokens[accepted.size()] = token;
                for (Event event : pending.events) {
                    byte[] tokenKey = Keys.longKey(token);
                    batch.put(layout.eventsCf, tokenKey, event.toByteArray());
                    String aggregateId = event.getAggregateIdentifier();
                    if (!aggregateId.isEmpty()) {
                        long sequence = event.getAggregateSequenceNumber();
                        batch.put(layout.aggregatesCf,
                                  Keys.aggregateKey(Keys.aggregatePrefix(aggregateId), sequence), tokenKey);
                        if (sequence == 0) {
                            newAggregates++;
                        }
                    }
                    if (event.getTimestamp() > timestamp) {
                        // Time index: one entry each time the highest timestamp seen so far grows.
                        timestamp = event.getTimestamp();
                        batch.put(layout.timeCf, Keys.longKey(timestamp), tokenKey);
                    }
                    token++;
                }
                groupHighest.putAll(txHighest);
                accepted.add(pending);
            }
            if (accepted.isEmpty()) {
                return;
            }
            if (newAggregates > 0) {
                batch.put(layout.metaCf, AGGREGATE_COUNT_KEY, Keys.longKey(aggregateCount + newAggregates));
            }
            layout.eventDb.write(layout.syncWrite, batch);
        } catch (RocksDBException e) {
            StorageException error = new StorageException("Writing events failed; storage is now read-only until "
                    + "restart: " + e.getMessage(), e);
            failure = error;
            accepted.forEach(p -> p.future.completeExceptionally(error));
            return;
        }
        nextToken = token;
        maxTimestamp = timestamp;
        aggregateCount += newAggregates;
        highestSequences.putAll(groupHighest);
        // Waking the appenders (and whatever runs in their callbacks, such as gRPC responses) happens on the
        // completer thread, so the writer starts the next group's fsync at once.
        committed.add(new CommittedGroup(token - 1, accepted, firstTokens));
    }

    private void completeLoop() {
        while (true) {
            CommittedGroup group;
            try {
                group = committed.take();
            } catch (InterruptedException e) {
                return;
            }
            if (group == STOP) {
                return;
            }
            lastToken = group.head;
            // Listeners first: once an append's caller hears "done", every tailing reader knows the new head.
            for (LongConsumer listener : listeners) {
                try {
                    listener.accept(group.head);
                } catch (RuntimeException ignored) {
                    // A faulty listener must not keep the others or the appenders from hearing about the commit.
                }
            }
            for (int i = 0; i < group.accepted.size(); i++) {
                group.accepted.get(i).future.complete(group.firstTokens[i]);
            }
        }
    }

    /**
     * Checks that each aggregate in the transaction continues its stream (after the committed events and the
     * earlier transactions of this group) and is contiguous inside the transaction. Returns the new highest
     * sequences, or {@code null} after failing the transaction's future.
     */
    private Map<String, Long> validate(PendingAppend pending, Map<String, Long> groupHighest) {
        Map<String, Long> txHighest = new HashMap<>();
        for (Event event : pending.events) {
            String aggregateId = event.getAggregateIdentifier();
            if (aggregateId.isEmpty()) {
                continue;
            }
            Long previous = txHighest.get(aggregateId);
            if (previous == null) {
                previous = groupHighest.get(aggregateId);
            }
            if (previous == null) {
                previous = committedHighest(aggregateId);
            }
            long expected = previous + 1;
            if (event.getAggregateSequenceNumber() != expected) {
                pending.future.completeExceptionally(
                        new SequenceConflictException(aggregateId, expected, event.getAggregateSequenceNumber()));
                return null;
            }
            txHighest.put(aggregateId, expected);
        }
        return txHighest;
    }

    private long committedHighest(String aggregateId) {
        Long cached = highestSequences.get(aggregateId);
        if (cached != null) {
            return cached;
        }
        long highest = indexedHighest.applyAsLong(aggregateId);
        highestSequences.put(aggregateId, highest);
        return highest;
    }

    /**
     * Called once the layout refuses new work: lets the writer finish the group it is writing, stops the completer
     * after it told that group's appenders, and fails the appends still queued.
     */
    void stop() {
        queue.add(WAKE_UP);
        joinQuietly(writer);
        committed.add(STOP);
        joinQuietly(completer);
        StorageException closedError = new StorageException("Event storage closed before the append was written");
        List<PendingAppend> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.future.completeExceptionally(closedError));
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
