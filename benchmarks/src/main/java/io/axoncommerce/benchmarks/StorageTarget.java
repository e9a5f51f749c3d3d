package io.axoncommerce.benchmarks;

import com.google.protobuf.ByteString;
import io.axoncommerce.axonserver.eventstore.storage.RocksDbEventStorage;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Our storage called directly, in process: the ceiling for what the server can do. */
final class StorageTarget implements EventStoreTarget {

    private final Path dir;
    private RocksDbEventStorage storage;

    StorageTarget(Path dir) {
        this.dir = dir;
        storage = RocksDbEventStorage.open(dir.resolve("events"), dir.resolve("snapshots"));
    }

    /** Drives an already open storage (used by {@link CrashRecovery}'s child). */
    StorageTarget(RocksDbEventStorage storage) {
        this.dir = null;
        this.storage = storage;
    }

    @Override
    public double crashRecoverySeconds(long events) throws Exception {
        storage.close();
        double seconds = CrashRecovery.measure(dir, events);
        storage = RocksDbEventStorage.open(dir.resolve("events"), dir.resolve("snapshots"));
        return seconds;
    }

    @Override
    public double restartSeconds() {
        storage.close();
        long start = System.nanoTime();
        storage = RocksDbEventStorage.open(dir.resolve("events"), dir.resolve("snapshots"));
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public String name() {
        return "storage (in-process)";
    }

    @Override
    public Appender appender(String aggregateId) {
        long[] sequence = {storage.highestSequence(aggregateId) + 1};
        return count -> {
            List<Event> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(event(aggregateId, sequence[0] + i));
            }
            storage.appendEvents(events).join();
            sequence[0] += count;
        };
    }

    /** The event as Axon Framework's connector would send it: JSON payload, trace and correlation metadata. */
    static Event event(String aggregateId, long sequence) {
        String messageId = UUID.randomUUID().toString();
        return Event.newBuilder()
                .setMessageIdentifier(messageId)
                .setAggregateIdentifier(aggregateId)
                .setAggregateSequenceNumber(sequence)
                .setAggregateType("Order")
                .setTimestamp(System.currentTimeMillis())
                .setPayload(SerializedObject.newBuilder()
                        .setType(Payloads.TYPE)
                        .setData(ByteString.copyFrom(Payloads.json(Payloads.next(aggregateId)))))
                .putMetaData("traceId", MetaDataValue.newBuilder().setTextValue(messageId).build())
                .putMetaData("correlationId", MetaDataValue.newBuilder().setTextValue(messageId).build())
                .build();
    }

    @Override
    public long readFromStart(long count) {
        long read = 0;
        long checksum = 0;
        while (read < count) {
            List<EventWithToken> batch = storage.readEvents(read, (int) Math.min(10_000, count - read));
            if (batch.isEmpty()) {
                break;
            }
            for (EventWithToken event : batch) {
                checksum += event.getToken() + event.getEvent().getPayload().getData().size();
            }
            read += batch.size();
        }
        Blackhole.consume(checksum);
        return read;
    }

    @Override
    public void close() {
        storage.close();
    }
}
