package io.axoncommerce.axonserver.eventstore.storage;

import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The reads of events: by token, by aggregate, by time. A reader sees events up to the head the writer has
 * published ({@code head}); a group being committed is on disk slightly before the head moves and stays invisible
 * until then.
 */
final class EventReads {

    private final RocksLayout layout;
    private final LongSupplier head;

    EventReads(RocksLayout layout, LongSupplier head) {
        this.layout = layout;
        this.head = head;
    }

    List<Event> readAggregateEvents(String aggregateId, long fromSequence, long toSequence) {
        return readAggregate(aggregateId, fromSequence, toSequence, (token, event) -> event);
    }

    List<EventWithToken> readAggregateEventsWithTokens(String aggregateId, long fromSequence, long toSequence) {
        return readAggregate(aggregateId, fromSequence, toSequence,
                             (token, event) -> EventWithToken.newBuilder().setToken(token).setEvent(event).build());
    }

    private interface AggregateRow<T> {
        T of(long token, Event event);
    }

    private <T> List<T> readAggregate(String aggregateId, long fromSequence, long toSequence, AggregateRow<T> row) {
        return layout.read(() -> {
            long last = head.getAsLong();
            byte[] prefix = Keys.aggregatePrefix(aggregateId);
            List<byte[]> tokenKeys = new ArrayList<>();
            try (RocksIterator it = layout.eventDb.newIterator(layout.aggregatesCf, layout.readOptions)) {
                it.seek(Keys.aggregateKey(prefix, Math.max(0, fromSequence)));
                while (it.isValid()) {
                    byte[] key = it.key();
                    if (!Keys.hasPrefix(key, prefix) || Keys.sequenceOf(key) > toSequence) {
                        break;
                    }
                    byte[] tokenKey = it.value();
                    // A group being committed is on disk slightly before the head moves; it is not visible yet.
                    if (Keys.readLong(tokenKey) > last) {
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
            List<byte[]> values = layout.eventDb.multiGetAsList(layout.readOptions,
                    Collections.nCopies(tokenKeys.size(), layout.eventsCf), tokenKeys);
            List<T> events = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                events.add(row.of(Keys.readLong(tokenKeys.get(i)), RocksLayout.parse(values.get(i))));
            }
            return events;
        });
    }

    long highestSequence(String aggregateId) {
        return layout.read(() -> seekHighestSequence(aggregateId));
    }

    /** The aggregate's highest sequence in the index, or -1; for callers that hold the databases open themselves. */
    long seekHighestSequence(String aggregateId) {
        byte[] prefix = Keys.aggregatePrefix(aggregateId);
        try (RocksIterator it = layout.eventDb.newIterator(layout.aggregatesCf, layout.readOptions)) {
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

    /**
     * The time index holds an entry {@code (t, token)} each time an event's timestamp {@code t} exceeds every earlier
     * one, so the first entry at or after {@code instant} names exactly the first token whose timestamp is at or
     * after it. Later events may still carry earlier timestamps (clocks of different clients): they are read along,
     * as with any replay from a token.
     */
    long tokenAt(Instant instant) {
        return layout.read(() -> {
            long last = head.getAsLong();
            try (RocksIterator it = layout.eventDb.newIterator(layout.timeCf, layout.readOptions)) {
                it.seek(Keys.longKey(Math.max(0, instant.toEpochMilli())));
                long token = it.isValid() ? Keys.readLong(it.value()) : last + 1;
                it.status();
                return Math.min(token, last + 1);
            }
        });
    }

    List<EventWithToken> readEvents(long fromToken, int maxCount) {
        return readByToken(fromToken, maxCount, (token, value) -> EventWithToken.newBuilder()
                                                                               .setToken(token)
                                                                               .setEvent(RocksLayout.parse(value))
                                                                               .build());
    }

    List<SerializedEvent> readSerializedEvents(long fromToken, int maxCount) {
        return readByToken(fromToken, maxCount, SerializedEvent::new);
    }

    private interface TokenMapper<T> {
        T map(long token, byte[] storedEvent);
    }

    private <T> List<T> readByToken(long fromToken, int maxCount, TokenMapper<T> mapper) {
        long last = head.getAsLong();
        long from = Math.max(0, fromToken);
        if (from > last || maxCount <= 0) {
            return List.of();
        }
        int count = (int) Math.min(maxCount, last - from + 1);
        return layout.read(() -> {
            List<T> events = new ArrayList<>(count);
            try (RocksIterator it = layout.eventDb.newIterator(layout.eventsCf, layout.readOptions)) {
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
}
