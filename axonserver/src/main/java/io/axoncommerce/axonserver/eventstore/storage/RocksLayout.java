package io.axoncommerce.axonserver.eventstore.storage;

import com.google.protobuf.CodedInputStream;
import io.axoniq.axonserver.grpc.event.Event;
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
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The RocksDB layout and options of the storage, and its lifecycle. Two databases: events, the aggregate index, the
 * time index, scheduled events and counters live in the event storage directory; snapshots in the snapshot storage
 * directory (the real server keeps them apart too, so operators can place them on different volumes). Every use of
 * the databases runs under the lifecycle's read lock ({@link #read}), so closing waits for running work and nothing
 * touches a closed database.
 */
final class RocksLayout {

    static {
        RocksDB.loadLibrary();
    }

    static final long BLOCK_CACHE_BYTES = 64L * 1024 * 1024;
    static final long MEMTABLE_BYTES = 32L * 1024 * 1024;
    static final long MAX_WAL_BYTES = 128L * 1024 * 1024;

    final Path eventStorageDir;
    final Path snapshotStorageDir;
    /** Native objects in creation order; closed in reverse order after the databases. */
    private final Deque<AutoCloseable> nativeResources = new ArrayDeque<>();
    final RocksDB eventDb;
    /** Counters (the default column family). */
    final ColumnFamilyHandle metaCf;
    /** token -> event */
    final ColumnFamilyHandle eventsCf;
    /** (aggregate, sequence) -> token */
    final ColumnFamilyHandle aggregatesCf;
    /** timestamp -> token, each time the highest timestamp grows */
    final ColumnFamilyHandle timeCf;
    /** schedule token -> (due, event) */
    final ColumnFamilyHandle scheduledCf;
    final RocksDB snapshotDb;
    final ColumnFamilyHandle snapshotMetaCf;
    /** (aggregate, sequence) -> snapshot */
    final ColumnFamilyHandle snapshotsCf;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    final WriteOptions syncWrite;
    final ReadOptions readOptions;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    RocksLayout(Path eventStorageDir, Path snapshotStorageDir) throws RocksDBException, IOException {
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
    }

    private <T extends AutoCloseable> T track(T resource) {
        nativeResources.push(resource);
        return resource;
    }

    interface Read<T> {
        T run() throws RocksDBException;
    }

    /** Runs a read (or a write of its own) while the databases are guaranteed open. */
    <T> T read(Read<T> read) {
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

    boolean isClosed() {
        return closed;
    }

    /**
     * The first step of closing: from now on {@link #read} refuses; returns false when already closed. Work already
     * running finishes first.
     */
    boolean markClosed() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** The last step of closing: column families before their databases, the options last. */
    void close() {
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

    /** Events and snapshots are stored as their protobuf {@code Event} encoding. */
    static Event parse(byte[] value) {
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

    long sizeOnDisk() {
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
}
