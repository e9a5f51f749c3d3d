package io.axoncommerce.axonserver.eventstore.storage;

import org.rocksdb.RocksIterator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Scheduled events in the event database: schedule token -> (due time, serialized event), each write synced. */
final class RocksScheduledEventStore implements ScheduledEventStore {

    private final RocksLayout layout;

    RocksScheduledEventStore(RocksLayout layout) {
        this.layout = layout;
    }

    @Override
    public synchronized void put(ScheduledEvent event) {
        byte[] value = ByteBuffer.allocate(Long.BYTES + event.payload().length)
                .putLong(event.dueEpochMillis()).put(event.payload()).array();
        layout.read(() -> {
            layout.eventDb.put(layout.scheduledCf, layout.syncWrite, Keys.utf8(event.scheduleToken()), value);
            return null;
        });
    }

    /** Synchronized with {@link #put} so that a concurrent put of the same token is never lost in between. */
    @Override
    public synchronized boolean remove(String scheduleToken) {
        byte[] key = Keys.utf8(scheduleToken);
        return layout.read(() -> {
            if (layout.eventDb.get(layout.scheduledCf, key) == null) {
                return false;
            }
            layout.eventDb.delete(layout.scheduledCf, layout.syncWrite, key);
            return true;
        });
    }

    @Override
    public List<ScheduledEvent> all() {
        return layout.read(() -> {
            List<ScheduledEvent> all = new ArrayList<>();
            try (RocksIterator it = layout.eventDb.newIterator(layout.scheduledCf, layout.readOptions)) {
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
