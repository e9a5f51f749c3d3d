package io.axoncommerce.axonserver.eventstore.storage;

import com.google.protobuf.CodedInputStream;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * {@link EventStorage} on two embedded RocksDB databases: events, the aggregate index, the time index, scheduled
 * events and counters live in the event storage directory; snapshots in the snapshot storage directory (the real
 * server keeps them apart too, so operators can place them on different volumes).
 *
 * <p>All appends go through one writer thread. It takes every transaction waiting in the queue (a group), validates
 * each against the aggregates' highest sequences (including earlier transactions of the same group), assigns
 * contiguous tokens to the accepted ones and writes the whole group as a single {@link WriteBatch} with a synced WAL
 * write: one fsync for the group, and RocksDB replays a batch from its WAL entirely or not at all. Only after the
 * write returns does a second thread advance {@link #lastToken()}, notify listeners and complete the futures, while
 * the writer already validates and writes the next group. See {@code axonserver/docs/storage.md}.
 */
public final class RocksDbEventStorage implements EventStorage {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] AGGREGATE_COUNT_KEY = "aggregate-count".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SNAPSHOT_COUNT_KEY = "snapshot-count".getBytes(StandardCharsets.UTF_8);
    /** Bounds one group's batch (and so the latency of its first transaction) under a flood of appends. */
    private static final int MAX_GROUP_TRANSACTIONS = 2048;
    static final long BLOCK_CACHE_BYTES = 64L * 1024 * 1024;
    static final long MEMTABLE_BYTES = 32L * 1024 * 1024;
    static final long MAX_WAL_BYTES = 128L * 1024 * 1024;
    /** Highest sequences the writer remembers; misses cost one index seek. */
    private static final int SEQUENCE_CACHE_SIZE = 100_000;

    private final Path eventStorageDir;
    private final Path snapshotStorageDir;
    /** Native objects in creation order; closed in reverse order after the databases. */
    private final Deque<AutoCloseable> nativeResources = new ArrayDeque<>();
    private final RocksDB eventDb;
    private final ColumnFamilyHandle metaCf;
    private final ColumnFamilyHandle eventsCf;
    private final ColumnFamilyHandle aggregatesCf;
    private final ColumnFamilyHandle timeCf;
    private final ColumnFamilyHandle scheduledCf;
    private final RocksDB snapshotDb;
    private final ColumnFamilyHandle snapshotMetaCf;
    private final ColumnFamilyHandle snapshotsCf;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final WriteOptions syncWrite;
    private final ReadOptions readOptions;

    private final BlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<CommittedGroup> committed = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Thread completer;
    private final ExecutorService snapshotWriter;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private final RocksScheduledEventStore scheduledEvents = new RocksScheduledEventStore();

    private volatile boolean closed;
    /** Set when a group write failed: its outcome on disk is unknown, so no further token may be handed out. */
    private volatile StorageException failure;
    private volatile long lastToken;
    private volatile long aggregateCount;
    private volatile long snapshotCount;

    // Owned by the writer thread.
    private long nextToken;
    private long maxTimestamp;
    private final Map<String, Long> highestSequences = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > SEQUENCE_CACHE_SIZE;
        }
    };

    private RocksDbEventStorage(Path eventStorageDir, Path snapshotStorageDir) throws RocksDBException, IOException {
        this.eventStorageDir = eventStorageDir;
        this.snapshotStorageDir = snapshotStorageDir;
        Files.createDirectories(eventStorageDir);
        Files.createDirectories(snapshotStorageDir);

        LRUCache blockCache = track(new LRUCache(BLOCK_CACHE_BYTES));
        BlockBasedTableConfig tableConfig = new BlockBasedTableConfig().setBlockCache(blockCache);
        // Larger blocks for the event log: it is read in token order, so fewer, bigger blocks mean fewer lookups.
        BlockBasedTableConfig eventTableConfig = new BlockBasedTableConfig().setBlockCache(blockCache)
                .setBlockSize(16 * 1024);
        DBOptions dbOptions = track(new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                // A torn tail (crash during a WAL append) is cut off at the last complete batch; whole batches
                // before it are kept. This is what makes a group all-or-nothing after a crash.
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(3)
                // Bounds what a restart after a crash replays: once the WAL grows past this, RocksDB flushes the
                // column families that keep its oldest file alive (the small ones would otherwise pin it forever).
                .setMaxTotalWalSize(MAX_WAL_BYTES));
        ColumnFamilyOptions small = track(new ColumnFamilyOptions().setTableFormatConfig(tableConfig)
                .setWriteBufferSize(8L * 1024 * 1024));
        ColumnFamilyOptions eventLog = track(new ColumnFamilyOptions()
                .setTableFormatConfig(eventTableConfig)
                .setWriteBufferSize(MEMTABLE_BYTES)
                .setCompressionType(CompressionType.LZ4_COMPRESSION));
        ColumnFamilyOptions bulk = track(new ColumnFamilyOptions()
                .setTableFormatConfig(tableConfig)
                .setWriteBufferSize(MEMTABLE_BYTES)
                .setCompressionType(CompressionType.LZ4_COMPRESSION));

        List<ColumnFamilyDescriptor> eventFamilies = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small),
                new ColumnFamilyDescriptor(Keys.utf8("events"), eventLog),
                new ColumnFamilyDescriptor(Keys.utf8("aggregates"), bulk),
                new ColumnFamilyDescriptor(Keys.utf8("time"), small),
                new ColumnFamilyDescriptor(Keys.utf8("scheduled"), small));
        List<ColumnFamilyHandle> eventHandles = new ArrayList<>();
        eventDb = RocksDB.open(dbOptions, eventStorageDir.toString(), eventFamilies, eventHandles);
        handles.addAll(eventHandles);
        metaCf = eventHandles.get(0);
        eventsCf = eventHandles.get(1);
        aggregatesCf = eventHandles.get(2);
        timeCf = eventHandles.get(3);
        scheduledCf = eventHandles.get(4);

        List<ColumnFamilyDescriptor> snapshotFamilies = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small),
                new ColumnFamilyDescriptor(Keys.utf8("snapshots"), bulk));
        List<ColumnFamilyHandle> snapshotHandles = new ArrayList<>();
        RocksDB openedSnapshots;
        try {
            openedSnapshots = RocksDB.open(dbOptions, snapshotStorageDir.toString(), snapshotFamilies,
                    snapshotHandles);
        } catch (RocksDBException e) {
            eventHandles.forEach(ColumnFamilyHandle::close);
            eventDb.close();
            throw e;
        }
        snapshotDb = openedSnapshots;
        handles.addAll(snapshotHandles);
        snapshotMetaCf = snapshotHandles.get(0);
        snapshotsCf = snapshotHandles.get(1);

        syncWrite = track(new WriteOptions().setSync(true));
        readOptions = track(new ReadOptions());

        recover();

        writer = Thread.ofPlatform().name("event-storage-writer").daemon().unstarted(this::writeLoop);
        completer = Thread.ofPlatform().name("event-storage-completer").daemon().unstarted(this::completeLoop);
        snapshotWriter = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("snapshot-storage-writer").daemon().factory());
        completer.start();
        writer.start();
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

    private <T extends AutoCloseable> T track(T resource) {
        nativeResources.push(resource);
        return resource;
    }

    private void recover() throws RocksDBException {
        try (RocksIterator it = eventDb.newIterator(eventsCf)) {
            it.seekToLast();
            lastToken = it.isValid() ? Keys.readLong(it.key()) : -1;
            it.status();
        }
        nextToken = lastToken + 1;
        try (RocksIterator it = eventDb.newIterator(timeCf)) {
            it.seekToLast();
            maxTimestamp = it.isValid() ? Keys.readLong(it.key()) : -1;
            it.status();
        }
        byte[] aggregates = eventDb.get(metaCf, AGGREGATE_COUNT_KEY);
        aggregateCount = aggregates == null ? 0 : Keys.readLong(aggregates);
        byte[] snapshots = snapshotDb.get(snapshotMetaCf, SNAPSHOT_COUNT_KEY);
        snapshotCount = snapshots == null ? 0 : Keys.readLong(snapshots);
    }

    // ------------------------------------------------------------------------------------------------ appends

    private record PendingAppend(List<Event> events, CompletableFuture<Long> future) {
    }

    private static final PendingAppend WAKE_UP = new PendingAppend(List.of(), new CompletableFuture<>());

    /** A group on disk whose appenders have not been told yet. */
    private record CommittedGroup(long head, List<PendingAppend> accepted, long[] firstTokens) {
    }

    private static final CommittedGroup STOP = new CommittedGroup(-1, List.of(), new long[0]);

    @Override
    public CompletableFuture<Long> appendEvents(List<Event> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(lastToken + 1);
        }
        CompletableFuture<Long> future = new CompletableFuture<>();
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new StorageException("Event storage is closed"));
            }
            StorageException failed = failure;
            if (failed != null) {
                return CompletableFuture.failedFuture(failed);
            }
            queue.add(new PendingAppend(List.copyOf(events), future));
        } finally {
            lifecycle.readLock().unlock();
        }
        return future;
    }

    private void writeLoop() {
        List<PendingAppend> group = new ArrayList<>();
        while (!closed) {
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
                    batch.put(eventsCf, tokenKey, event.toByteArray());
                    String aggregateId = event.getAggregateIdentifier();
                    if (!aggregateId.isEmpty()) {
                        long sequence = event.getAggregateSequenceNumber();
                        batch.put(aggregatesCf, Keys.aggregateKey(Keys.aggregatePrefix(aggregateId), sequence),
                                tokenKey);
                        if (sequence == 0) {
                            newAggregates++;
                        }
                    }
                    if (event.getTimestamp() > timestamp) {
                        // Time index: one entry each time the highest timestamp seen so far grows.
                        timestamp = event.getTimestamp();
                        batch.put(timeCf, Keys.longKey(timestamp), tokenKey);
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
                batch.put(metaCf, AGGREGATE_COUNT_KEY, Keys.longKey(aggregateCount + newAggregates));
            }
            eventDb.write(syncWrite, batch);
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
        long highest = seekHighestSequence(aggregateId);
        highestSequences.put(aggregateId, highest);
        return highest;
    }

    @Override
    public CompletableFuture<Void> appendSnapshot(Event snapshot) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new StorageException("Event storage is closed"));
            }
            // One thread writes snapshots so the read-modify-write of the counter needs no lock.
            return CompletableFuture.runAsync(() -> writeSnapshot(snapshot), snapshotWriter);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void writeSnapshot(Event snapshot) {
        byte[] key = Keys.aggregateKey(Keys.aggregatePrefix(snapshot.getAggregateIdentifier()),
                snapshot.getAggregateSequenceNumber());
        try (WriteBatch batch = new WriteBatch()) {
            boolean replaces = snapshotDb.get(snapshotsCf, key) != null;
            batch.put(snapshotsCf, key, snapshot.toByteArray());
            if (!replaces) {
                batch.put(snapshotMetaCf, SNAPSHOT_COUNT_KEY, Keys.longKey(snapshotCount + 1));
            }
            snapshotDb.write(syncWrite, batch);
            if (!replaces) {
                snapshotCount++;
            }
        } catch (RocksDBException e) {
            throw new StorageException("Writing snapshot failed: " + e.getMessage(), e);
        }
    }

    // -------------------------------------------------------------------------------------------------- reads

    @Override
    public List<Event> readAggregateEvents(String aggregateId, long fromSequence, long toSequence) {
        return readAggregate(aggregateId, fromSequence, toSequence, (token, event) -> event);
    }

    @Override
    public List<EventWithToken> readAggregateEventsWithTokens(String aggregateId, long fromSequence,
                                                              long toSequence) {
        return readAggregate(aggregateId, fromSequence, toSequence,
                             (token, event) -> EventWithToken.newBuilder().setToken(token).setEvent(event).build());
    }

    private interface AggregateRow<T> {
        T of(long token, Event event);
    }

    private <T> List<T> readAggregate(String aggregateId, long fromSequence, long toSequence, AggregateRow<T> row) {
        return read(() -> {
            long head = lastToken;
            byte[] prefix = Keys.aggregatePrefix(aggregateId);
            List<byte[]> tokenKeys = new ArrayList<>();
            try (RocksIterator it = eventDb.newIterator(aggregatesCf, readOptions)) {
                it.seek(Keys.aggregateKey(prefix, Math.max(0, fromSequence)));
                while (it.isValid()) {
                    byte[] key = it.key();
                    if (!Keys.hasPrefix(key, prefix) || Keys.sequenceOf(key) > toSequence) {
                        break;
                    }
                    byte[] tokenKey = it.value();
                    // A group being committed is on disk slightly before the head moves; it is not visible yet.
                    if (Keys.readLong(tokenKey) > head) {
                        break;
                    }
                    tokenKeys.add(tokenKey);
                    it.next();
                }
                it.status();
            }
            if (tokenKeys.isEmpty()) {
                return List.of();
            }
            List<byte[]> values = eventDb.multiGetAsList(readOptions,
                    Collections.nCopies(tokenKeys.size(), eventsCf), tokenKeys);
            List<T> events = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                events.add(row.of(Keys.readLong(tokenKeys.get(i)), parse(values.get(i))));
            }
            return events;
        });
    }

    @Override
    public List<Event> readSnapshots(String aggregateId, long fromSequence, long toSequence, int maxResults) {
        if (toSequence < 0 || toSequence < fromSequence) {
            return List.of();
        }
        return read(() -> {
            byte[] prefix = Keys.aggregatePrefix(aggregateId);
            List<Event> snapshots = new ArrayList<>();
            try (RocksIterator it = snapshotDb.newIterator(snapshotsCf, readOptions)) {
                it.seekForPrev(Keys.aggregateKey(prefix, toSequence));
                while (it.isValid() && (maxResults <= 0 || snapshots.size() < maxResults)) {
                    byte[] key = it.key();
                    if (!Keys.hasPrefix(key, prefix) || Keys.sequenceOf(key) < fromSequence) {
                        break;
                    }
                    snapshots.add(parse(it.value()));
                    it.prev();
                }
                it.status();
            }
            return snapshots;
        });
    }

    @Override
    public List<Event> scanSnapshots(Event after, int maxCount) {
        return read(() -> {
            List<Event> snapshots = new ArrayList<>();
            try (RocksIterator it = snapshotDb.newIterator(snapshotsCf, readOptions)) {
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
                    snapshots.add(parse(it.value()));
                    it.next();
                }
                it.status();
            }
            return snapshots;
        });
    }

    @Override
    public long highestSequence(String aggregateId) {
        return read(() -> seekHighestSequence(aggregateId));
    }

    private long seekHighestSequence(String aggregateId) {
        byte[] prefix = Keys.aggregatePrefix(aggregateId);
        try (RocksIterator it = eventDb.newIterator(aggregatesCf, readOptions)) {
            it.seekForPrev(Keys.aggregateKey(prefix, Long.MAX_VALUE));
            if (it.isValid() && Keys.hasPrefix(it.key(), prefix)) {
                return Keys.sequenceOf(it.key());
            }
            it.status();
            return -1;
        } catch (RocksDBException e) {
            throw new StorageException("Reading aggregate index failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long firstToken() {
        // Events are never deleted, so the first token is 0 whether or not the store is empty.
        return 0;
    }

    @Override
    public long lastToken() {
        return lastToken;
    }

    /**
     * The time index holds an entry {@code (t, token)} each time an event's timestamp {@code t} exceeds every earlier
     * one, so the first entry at or after {@code instant} names exactly the first token whose timestamp is at or
     * after it. Later events may still carry earlier timestamps (clocks of different clients): they are read along,
     * as with any replay from a token.
     */
    @Override
    public long tokenAt(Instant instant) {
        return read(() -> {
            long head = lastToken;
            try (RocksIterator it = eventDb.newIterator(timeCf, readOptions)) {
                it.seek(Keys.longKey(Math.max(0, instant.toEpochMilli())));
                long token = it.isValid() ? Keys.readLong(it.value()) : head + 1;
                it.status();
                return Math.min(token, head + 1);
            }
        });
    }

    @Override
    public List<EventWithToken> readEvents(long fromToken, int maxCount) {
        return readByToken(fromToken, maxCount, (token, value) -> EventWithToken.newBuilder()
                                                                               .setToken(token)
                                                                               .setEvent(parse(value))
                                                                               .build());
    }

    @Override
    public List<SerializedEvent> readSerializedEvents(long fromToken, int maxCount) {
        return readByToken(fromToken, maxCount, SerializedEvent::new);
    }

    private interface TokenMapper<T> {
        T map(long token, byte[] storedEvent);
    }

    private <T> List<T> readByToken(long fromToken, int maxCount, TokenMapper<T> mapper) {
        long head = lastToken;
        long from = Math.max(0, fromToken);
        if (from > head || maxCount <= 0) {
            return List.of();
        }
        int count = (int) Math.min(maxCount, head - from + 1);
        return read(() -> {
            List<T> events = new ArrayList<>(count);
            try (RocksIterator it = eventDb.newIterator(eventsCf, readOptions)) {
                it.seek(Keys.longKey(from));
                while (it.isValid() && events.size() < count) {
                    events.add(mapper.map(Keys.readLong(it.key()), it.value()));
                    it.next();
                }
                it.status();
            }
            return events;
        });
    }

    private static Event parse(byte[] value) {
        try {
            // The array comes fresh from RocksDB and is never reused, so bytes fields (the payload) may share it
            // instead of being copied.
            CodedInputStream input = CodedInputStream.newInstance(value);
            input.enableAliasing(true);
            return Event.parseFrom(input);
        } catch (IOException e) {
            throw new StorageException("Stored event cannot be parsed: " + e.getMessage(), e);
        }
    }

    private interface Read<T> {
        T run() throws RocksDBException;
    }

    /** Runs a read while the databases are guaranteed open. */
    private <T> T read(Read<T> read) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StorageException("Event storage is closed");
            }
            return read.run();
        } catch (RocksDBException e) {
            throw new StorageException("Reading event storage failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public AutoCloseable onCommit(LongConsumer listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public long aggregateCount() {
        return aggregateCount;
    }

    @Override
    public long snapshotCount() {
        return snapshotCount;
    }

    @Override
    public long sizeOnDisk() {
        return directorySize(eventStorageDir) + (snapshotStorageDir.equals(eventStorageDir)
                ? 0 : directorySize(snapshotStorageDir));
    }

    private static long directorySize(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    // Compaction deletes files while we walk; a vanished file simply no longer counts.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StorageException("Cannot measure " + dir + ": " + e.getMessage(), e);
        }
        return total[0];
    }

    @Override
    public ScheduledEventStore scheduledEvents() {
        return scheduledEvents;
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /**
     * Stops accepting appends, lets the writer finish the group it is writing, fails the appends still queued with
     * {@link StorageException}, waits for running reads, then closes column families before their databases and
     * the options last.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(WAKE_UP);
        } finally {
            lifecycle.writeLock().unlock();
        }
        joinQuietly(writer);
        committed.add(STOP);
        joinQuietly(completer);
        StorageException closedError = new StorageException("Event storage closed before the append was written");
        List<PendingAppend> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.future.completeExceptionally(closedError));
        snapshotWriter.shutdown();
        try {
            snapshotWriter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lifecycle.writeLock().lock();
        try {
            flushQuietly(eventDb, List.of(metaCf, eventsCf, aggregatesCf, timeCf, scheduledCf));
            flushQuietly(snapshotDb, List.of(snapshotMetaCf, snapshotsCf));
            handles.forEach(ColumnFamilyHandle::close);
            eventDb.close();
            snapshotDb.close();
            while (!nativeResources.isEmpty()) {
                try {
                    nativeResources.pop().close();
                } catch (Exception ignored) {
                    // Options and caches hold no data; nothing to save if one fails to free.
                }
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Writes the memtables to SST files so the next start has no WAL to replay. Everything is in the synced WAL
     * already, so a failure here costs start-up time, not data.
     */
    private static void flushQuietly(RocksDB db, List<ColumnFamilyHandle> families) {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, families);
        } catch (RocksDBException ignored) {
            // see above: the WAL replays it on the next open
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ scheduled events

    private final class RocksScheduledEventStore implements ScheduledEventStore {

        @Override
        public synchronized void put(ScheduledEvent event) {
            byte[] value = ByteBuffer.allocate(Long.BYTES + event.payload().length)
                    .putLong(event.dueEpochMillis()).put(event.payload()).array();
            read(() -> {
                eventDb.put(scheduledCf, syncWrite, Keys.utf8(event.scheduleToken()), value);
                return null;
            });
        }

        /** Synchronized with {@link #put} so that a concurrent put of the same token is never lost in between. */
        @Override
        public synchronized boolean remove(String scheduleToken) {
            byte[] key = Keys.utf8(scheduleToken);
            return read(() -> {
                if (eventDb.get(scheduledCf, key) == null) {
                    return false;
                }
                eventDb.delete(scheduledCf, syncWrite, key);
                return true;
            });
        }

        @Override
        public List<ScheduledEvent> all() {
            return read(() -> {
                List<ScheduledEvent> all = new ArrayList<>();
                try (RocksIterator it = eventDb.newIterator(scheduledCf, readOptions)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        ByteBuffer value = ByteBuffer.wrap(it.value());
                        long due = value.getLong();
                        byte[] payload = new byte[value.remaining()];
                        value.get(payload);
                        all.add(new ScheduledEvent(new String(it.key(), StandardCharsets.UTF_8), due, payload));
                    }
                    it.status();
                }
                return all;
            });
        }
    }
}
