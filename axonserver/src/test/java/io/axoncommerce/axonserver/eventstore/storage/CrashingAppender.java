package io.axoncommerce.axonserver.eventstore.storage;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Child process of {@link StorageCrashSafetyIT}: appends transactions from several threads until it is killed.
 *
 * <p>Every transaction is recognisable: each of its events carries {@code <txId> <part> <size>} as payload, so the
 * test can tell a whole transaction from a partial one. One line per outcome goes to stdout, flushed, and only once
 * the append's future completed: {@code ACK <txId> <firstToken> <size>} (durable) or {@code REJECT <txId>}
 * (sequence conflict, must leave no trace).
 *
 * <p>Each thread owns an aggregate, and about a third of the transactions also append to one shared aggregate at
 * its highest sequence + 1, so threads race for it and some transactions are rejected as a whole.
 */
public final class CrashingAppender {

    static final String SHARED_AGGREGATE = "shared";

    private CrashingAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path events = Path.of(args[0]);
        Path snapshots = Path.of(args[1]);
        String round = args[2];
        int threads = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        EventStorage storage = RocksDbEventStorage.open(events, snapshots);
        out.println("READY");
        out.flush();
        List<Thread> appenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String aggregate = "owner-" + round + "-" + t;
            String txPrefix = round + "-" + t + "-";
            appenders.add(Thread.ofPlatform().start(() -> append(storage, aggregate, txPrefix, out)));
        }
        for (Thread appender : appenders) {
            appender.join();
        }
    }

    private static void append(EventStorage storage, String aggregate, String txPrefix, PrintStream out) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long ownSequence = storage.highestSequence(aggregate) + 1;
        for (long tx = 0; ; tx++) {
            String txId = txPrefix + tx;
            int ownEvents = 1 + random.nextInt(5);
            boolean touchesShared = random.nextInt(3) == 0;
            int size = ownEvents + (touchesShared ? 1 : 0);
            List<Event> events = new ArrayList<>(size);
            for (int i = 0; i < ownEvents; i++) {
                events.add(event(aggregate, ownSequence + i, txId, events.size(), size));
            }
            if (touchesShared) {
                long next = storage.highestSequence(SHARED_AGGREGATE) + 1;
                events.add(random.nextInt(events.size() + 1),
                        event(SHARED_AGGREGATE, next, txId, 0, size));
                renumber(events, txId, size);
            }
            try {
                long firstToken = storage.appendEvents(events).join();
                ownSequence += ownEvents;
                synchronized (out) {
                    out.println("ACK " + txId + " " + firstToken + " " + size);
                    out.flush();
                }
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof SequenceConflictException)) {
                    throw e;
                }
                synchronized (out) {
                    out.println("REJECT " + txId);
                    out.flush();
                }
            }
        }
    }

    /** Parts are numbered in the order the events are stored, after the shared event was slotted in. */
    private static void renumber(List<Event> events, String txId, int size) {
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            events.set(i, event(e.getAggregateIdentifier(), e.getAggregateSequenceNumber(), txId, i, size));
        }
    }

    static Event event(String aggregate, long sequence, String txId, int part, int size) {
        // About 250 bytes, like the JSON events of the application.
        String json = "{\"tx\":\"%s\",\"part\":%d,\"size\":%d,\"filler\":\"%s\"}"
                .formatted(txId, part, size, "x".repeat(180));
        return Event.newBuilder()
                .setMessageIdentifier(CrashOutcome.messageId(txId, part, size))
                .setAggregateIdentifier(aggregate)
                .setAggregateSequenceNumber(sequence)
                .setAggregateType("CrashTest")
                .setTimestamp(System.currentTimeMillis())
                .setPayload(SerializedObject.newBuilder()
                        .setType("CrashTestEvent")
                        .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8)))
                .build();
    }
}
