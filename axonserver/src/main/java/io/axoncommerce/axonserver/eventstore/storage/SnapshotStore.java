package io.axoncommerce.axonserver.eventstore.storage;

import io.axoniq.axonserver.grpc.event.Event;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Snapshots, keyed by aggregate and sequence in the snapshot database, with their count. A later snapshot with the
 * same aggregate sequence replaces an earlier one.
 */
final class SnapshotStore {

    private static final byte[] SNAPSHOT_COUNT_KEY = "snapshot-count".getBytes(StandardCharsets.UTF_8);

    private final RocksLayout layout;
    // One thread writes snapshots so the read-modify-write of the counter needs no lock.
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("snapshot-storage-writer").daemon().factory());
    private volatile long count;

    SnapshotStore(RocksLayout layout) throws RocksDBException {
        this.layout = layout;
        byte[] stored = layout.snapshotDb.get(layout.snapshotMetaCf, SNAPSHOT_COUNT_KEY);
        count = stored == null ? 0 : Keys.readLong(stored);
    }

    CompletableFuture<Void> append(Event snapshot) {
        try {
            return layout.read(() -> CompletableFuture.runAsync(() -> write(snapshot), writer));
        } catch (StorageException closed) {
            return CompletableFuture.failedFuture(closed);
        }
    }

    private void write(Event snapshot) {
        byte[] key = Keys.aggregateKey(Keys.aggregatePrefix(snapshot.getAggregateIdentifier()),
                snapshot.getAggregateSequenceNumber());
        try (WriteBatch batch = new WriteBatch()) {
            boolean replaces = layout.snapshotDb.get(layout.snapshotsCf, key) != null;
            batch.put(layout.snapshotsCf, key, snapshot.toByteArray());
            if (!replaces) {
                batch.put(layout.snapshotMetaCf, SNAPSHOT_COUNT_KEY, Keys.longKey(count + 1));
            }
            layout.snapshotDb.write(layout.syncWrite, batch);
            if (!replaces) {
                count++;
            }
        } catch (RocksDBException e) {
            throw new StorageException("Writing snapshot failed: " + e.getMessage(), e);
        }
    }

    List<Event> read(String aggregateId, long fromSequence, long toSequence, int maxResults) {
        if (toSequence < 0 || toSequence < fromSequence) {
            return List.of();
        }
        return layout.read(() -> {
            byte[] prefix = Keys.aggregatePrefix(aggregateId);
            List<Event> snapshots = new ArrayList<>();
            try (RocksIterator it = layout.snapshotDb.newIterator(layout.snapshotsCf, layout.readOptions)) {
                it.seekForPrev(Keys.aggregateKey(prefix, toSequence));
                while (it.isValid() && (maxResults <= 0 || snapshots.size() < maxResults)) {
                    byte[] key = it.key();
                    if (!Keys.hasPrefix(key, prefix) || Keys.sequenceOf(key) < fromSequence) {
                        break;
                    }
                    snapshots.add(RocksLayout.parse(it.value()));
                    it.prev();
                }
                it.status();
            }
            return snapshots;
        });
    }

    List<Event> scan(Event after, int maxCount) {
        return layout.read(() -> {
            List<Event> snapshots = new ArrayList<>();
            try (RocksIterator it = layout.snapshotDb.newIterator(layout.snapshotsCf, layout.readOptions)) {
                if (after == null) {
                    it.seekToFirst();
                } else {
                    byte[] last = Keys.aggregateKey(Keys.aggregatePrefix(after.getAggregateIdentifier()),
                                                    after.getAggregateSequenceNumber());
                    it.seek(last);
                    if (it.isValid() && Arrays.equals(it.key(), last)) {
                        it.next();
                    }
                }
                while (it.isValid() && snapshots.size() < maxCount) {
                    snapshots.add(RocksLayout.parse(it.value()));
                    it.next();
                }
                it.status();
            }
            return snapshots;
        });
    }

    long count() {
        return count;
    }

    /** Lets the writes already accepted finish (the storage closes the databases after). */
    void stop() {
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
