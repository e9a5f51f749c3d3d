package io.axoncommerce.axonserver.eventstore.storage;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RocksDbEventStorageTest {

    @TempDir
    Path dir;

    private RocksDbEventStorage storage;

    @BeforeEach
    void open() {
        storage = reopen();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private RocksDbEventStorage reopen() {
        return RocksDbEventStorage.open(dir.resolve("events"), dir.resolve("snapshots"));
    }

    static Event event(String aggregateId, long sequence, String payload) {
        return event(aggregateId, sequence, payload, System.currentTimeMillis());
    }

    static Event event(String aggregateId, long sequence, String payload, long timestamp) {
        return Event.newBuilder()
                .setMessageIdentifier(aggregateId + "/" + sequence + "/" + payload)
                .setAggregateIdentifier(aggregateId)
                .setAggregateSequenceNumber(sequence)
                .setAggregateType(aggregateId.isEmpty() ? "" : "Order")
                .setTimestamp(timestamp)
                .setPayload(SerializedObject.newBuilder()
                        .setType("OrderEvent")
                        .setData(ByteString.copyFrom(payload, StandardCharsets.UTF_8)))
                .build();
    }

    private static String payloadOf(Event event) {
        return event.getPayload().getData().toStringUtf8();
    }

    private long append(Event... events) {
        return storage.appendEvents(List.of(events)).join();
    }

    @Test
    void emptyStoreHasNoEvents() {
        assertThat(storage.firstToken()).isZero();
        assertThat(storage.lastToken()).isEqualTo(-1);
        assertThat(storage.readEvents(0, 10)).isEmpty();
        assertThat(storage.highestSequence("nobody")).isEqualTo(-1);
        assertThat(storage.tokenAt(Instant.EPOCH)).isZero();
        assertThat(storage.aggregateCount()).isZero();
        assertThat(storage.appendEvents(List.of()).join()).isZero();
    }

    @Test
    void appendsGetContiguousTokensAndAreReadBackInOrder() {
        assertThat(append(event("a", 0, "a0"), event("a", 1, "a1"))).isZero();
        assertThat(append(event("b", 0, "b0"))).isEqualTo(2);
        assertThat(append(event("", 0, "no aggregate"), event("", 0, "no aggregate either"))).isEqualTo(3);

        assertThat(storage.lastToken()).isEqualTo(4);
        List<EventWithToken> all = storage.readEvents(0, 100);
        assertThat(all).extracting(EventWithToken::getToken).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(all).extracting(e -> payloadOf(e.getEvent()))
                .containsExactly("a0", "a1", "b0", "no aggregate", "no aggregate either");
        assertThat(storage.readEvents(3, 1)).extracting(EventWithToken::getToken).containsExactly(3L);
        assertThat(storage.readEvents(5, 10)).isEmpty();
        assertThat(storage.aggregateCount()).isEqualTo(2);
    }

    @Test
    void serializedReadsReturnEachEventAsItWasAppendedWithoutParsing() {
        Event a0 = event("a", 0, "a0");
        Event a1 = event("a", 1, "a1");
        Event b0 = event("b", 0, "b0");
        append(a0, a1);
        append(b0);

        List<SerializedEvent> all = storage.readSerializedEvents(0, 100);
        assertThat(all).extracting(SerializedEvent::token).containsExactly(0L, 1L, 2L);
        assertThat(all).extracting(SerializedEvent::event)
                .containsExactly(a0.toByteArray(), a1.toByteArray(), b0.toByteArray());
        assertThat(all.get(2).parse()).isEqualTo(b0);
        assertThat(storage.readSerializedEvents(1, 1)).extracting(SerializedEvent::token).containsExactly(1L);
        assertThat(storage.readSerializedEvents(3, 10)).isEmpty();
        assertThat(storage.readSerializedEvents(0, 0)).isEmpty();
    }

    @Test
    void readsOneAggregateWithinBoundsWithoutMixingIdsThatArePrefixesOfEachOther() {
        append(event("order-1", 0, "x0"), event("order-10", 0, "y0"));
        append(event("order-1", 1, "x1"), event("order-10", 1, "y1"), event("order-1", 2, "x2"));

        assertThat(storage.readAggregateEvents("order-1", 0, Long.MAX_VALUE)).extracting(e -> payloadOf(e))
                .containsExactly("x0", "x1", "x2");
        assertThat(storage.readAggregateEvents("order-1", 1, 1)).extracting(e -> payloadOf(e))
                .containsExactly("x1");
        assertThat(storage.readAggregateEvents("order-10", 1, Long.MAX_VALUE)).extracting(e -> payloadOf(e))
                .containsExactly("y1");
        assertThat(storage.readAggregateEvents("order", 0, Long.MAX_VALUE)).isEmpty();
        assertThat(storage.readAggregateEventsWithTokens("order-1", 1, Long.MAX_VALUE))
                .extracting(EventWithToken::getToken, e -> payloadOf(e.getEvent()))
                .containsExactly(tuple(2L, "x1"), tuple(4L, "x2"));
        assertThat(storage.highestSequence("order-1")).isEqualTo(2);
        assertThat(storage.highestSequence("order-10")).isEqualTo(1);
    }

    @Test
    void rejectsAnAppendThatDoesNotContinueTheAggregate() {
        append(event("a", 0, "a0"));

        assertConflict(storage.appendEvents(List.of(event("a", 0, "again"))), "a", 1, 0);
        assertConflict(storage.appendEvents(List.of(event("a", 2, "gap"))), "a", 1, 2);
        assertConflict(storage.appendEvents(List.of(event("new", 1, "not from zero"))), "new", 0, 1);
        assertConflict(storage.appendEvents(List.of(event("a", 1, "ok"), event("a", 3, "gap inside"))), "a", 2, 3);

        // A rejected transaction takes no token: the next one continues right after the last accepted event.
        assertThat(append(event("a", 1, "a1"))).isEqualTo(1);
        assertThat(storage.readEvents(0, 10)).extracting(e -> payloadOf(e.getEvent())).containsExactly("a0", "a1");
    }

    @Test
    void aTransactionWithOneBadAggregateStoresNothing() {
        append(event("good", 0, "g0"), event("bad", 0, "b0"));

        assertConflict(storage.appendEvents(List.of(
                event("good", 1, "g1"), event("fresh", 0, "f0"), event("bad", 5, "b5"))), "bad", 1, 5);

        assertThat(storage.lastToken()).isEqualTo(1);
        assertThat(storage.highestSequence("good")).isZero();
        assertThat(storage.highestSequence("fresh")).isEqualTo(-1);
        assertThat(storage.readAggregateEvents("fresh", 0, Long.MAX_VALUE)).isEmpty();
        assertThat(storage.aggregateCount()).isEqualTo(2);
    }

    @Test
    void concurrentAppendsToOneAggregateLetExactlyOneWinPerSequence() throws Exception {
        int threads = 8;
        int sequences = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger conflicts = new AtomicInteger();
        List<String> winners = new CopyOnWriteArrayList<>();
        try {
            for (int sequence = 0; sequence < sequences; sequence++) {
                long seq = sequence;
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Void>> attempts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String payload = "thread-" + t + "-seq-" + seq;
                    attempts.add(CompletableFuture.runAsync(() -> {
                        await(start);
                        try {
                            storage.appendEvents(List.of(event("contended", seq, payload))).join();
                            winners.add(payload);
                        } catch (CompletionException e) {
                            assertThat(e.getCause()).isInstanceOf(SequenceConflictException.class);
                            conflicts.incrementAndGet();
                        }
                    }, pool));
                }
                start.countDown();
                CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(winners).hasSize(sequences);
        assertThat(conflicts).hasValue(sequences * (threads - 1));
        List<Event> stored = storage.readAggregateEvents("contended", 0, Long.MAX_VALUE);
        assertThat(stored).extracting(Event::getAggregateSequenceNumber)
                .containsExactlyElementsOf(LongStream.range(0, sequences).boxed().toList());
        assertThat(stored).extracting(e -> payloadOf(e)).containsExactlyInAnyOrderElementsOf(winners);
        assertThat(storage.lastToken()).isEqualTo(sequences - 1);
    }

    @Test
    void concurrentAppendersToDistinctAggregatesGetGapFreeTokens() throws Exception {
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> writers = IntStream.range(0, threads)
                    .mapToObj(t -> CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < perThread; i += 2) {
                            storage.appendEvents(List.of(event("agg-" + t, i, "p"), event("agg-" + t, i + 1, "p")))
                                    .join();
                        }
                    }, pool))
                    .toList();
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        List<EventWithToken> all = storage.readEvents(0, Integer.MAX_VALUE);
        assertThat(all).extracting(EventWithToken::getToken)
                .containsExactlyElementsOf(LongStream.range(0, threads * perThread).boxed().toList());
        for (int t = 0; t < threads; t++) {
            assertThat(storage.readAggregateEvents("agg-" + t, 0, Long.MAX_VALUE))
                    .extracting(Event::getAggregateSequenceNumber)
                    .containsExactlyElementsOf(LongStream.range(0, perThread).boxed().toList());
        }
    }

    @Test
    void snapshotsAreReturnedNewestFirstWithinBounds() {
        storage.appendSnapshot(event("s", 4, "snap4")).join();
        storage.appendSnapshot(event("s", 9, "snap9")).join();
        storage.appendSnapshot(event("s", 14, "snap14")).join();
        storage.appendSnapshot(event("s1", 20, "other aggregate")).join();
        storage.appendSnapshot(event("s", 9, "snap9 replaced")).join();

        assertThat(storage.readSnapshots("s", 0, Long.MAX_VALUE, 0)).extracting(e -> payloadOf(e))
                .containsExactly("snap14", "snap9 replaced", "snap4");
        assertThat(storage.readSnapshots("s", 0, Long.MAX_VALUE, 1)).extracting(e -> payloadOf(e))
                .containsExactly("snap14");
        assertThat(storage.readSnapshots("s", 5, 13, 0)).extracting(e -> payloadOf(e))
                .containsExactly("snap9 replaced");
        assertThat(storage.readSnapshots("nobody", 0, Long.MAX_VALUE, 0)).isEmpty();
        assertThat(storage.readSnapshots("s", 0, 3, 0)).isEmpty();
        assertThat(storage.readSnapshots("s", 10, 9, 0)).isEmpty();
        assertThat(storage.snapshotCount()).isEqualTo(4);
    }

    @Test
    void aScanPagesThroughEverySnapshotOnceByAggregateAndSequence() {
        storage.appendSnapshot(event("b", 2, "b2")).join();
        storage.appendSnapshot(event("a", 7, "a7")).join();
        storage.appendSnapshot(event("b", 1, "b1")).join();
        storage.appendSnapshot(event("a", 3, "a3")).join();
        storage.appendSnapshot(event("c", 5, "c5")).join();

        List<String> scanned = new ArrayList<>();
        Event after = null;
        for (List<Event> page = storage.scanSnapshots(null, 2); !page.isEmpty();
             page = storage.scanSnapshots(after, 2)) {
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            page.forEach(e -> scanned.add(payloadOf(e)));
            after = page.getLast();
        }
        assertThat(scanned).containsExactly("a3", "a7", "b1", "b2", "c5");
    }

    @Test
    void tokenAtFindsTheFirstEventAtOrAfterTheInstantDespiteUnorderedClocks() {
        append(event("", 0, "t0", 1_000));
        append(event("", 0, "t1", 2_000));
        append(event("", 0, "t2 late clock", 1_500));
        append(event("", 0, "t3", 3_000));

        assertThat(storage.tokenAt(Instant.ofEpochMilli(0))).isZero();
        assertThat(storage.tokenAt(Instant.ofEpochMilli(1_000))).isZero();
        assertThat(storage.tokenAt(Instant.ofEpochMilli(1_001))).isEqualTo(1);
        // t2's timestamp is 1500, but t1 (2000) is already at or after it and comes first.
        assertThat(storage.tokenAt(Instant.ofEpochMilli(1_500))).isEqualTo(1);
        assertThat(storage.tokenAt(Instant.ofEpochMilli(2_500))).isEqualTo(3);
        assertThat(storage.tokenAt(Instant.ofEpochMilli(3_001))).isEqualTo(4);
    }

    @Test
    void commitListenersHearTheNewHead() {
        List<Long> heads = new CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = storage.onCommit(heads::add)) {
            append(event("a", 0, "a0"), event("a", 1, "a1"));
            append(event("a", 2, "a2"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        append(event("a", 3, "after unsubscribe"));
        assertThat(heads).containsExactly(1L, 2L);
    }

    @Test
    void reopeningKeepsEventsSnapshotsCountersAndScheduledEvents() {
        append(event("a", 0, "a0", 1_000), event("b", 0, "b0", 2_000));
        append(event("a", 1, "a1", 3_000));
        storage.appendSnapshot(event("a", 1, "snapshot a1")).join();
        ScheduledEventStore scheduled = storage.scheduledEvents();
        scheduled.put(new ScheduledEventStore.ScheduledEvent("due-later", 5_000, new byte[]{1, 2, 3}));
        scheduled.put(new ScheduledEventStore.ScheduledEvent("cancelled", 6_000, new byte[]{4}));
        assertThat(scheduled.remove("cancelled")).isTrue();
        assertThat(scheduled.remove("cancelled")).isFalse();

        storage.close();
        storage = reopen();

        assertThat(storage.lastToken()).isEqualTo(2);
        assertThat(storage.readEvents(0, 10)).extracting(e -> payloadOf(e.getEvent()))
                .containsExactly("a0", "b0", "a1");
        assertThat(storage.highestSequence("a")).isEqualTo(1);
        assertThat(storage.aggregateCount()).isEqualTo(2);
        assertThat(storage.snapshotCount()).isEqualTo(1);
        assertThat(storage.readSnapshots("a", 0, Long.MAX_VALUE, 1)).extracting(e -> payloadOf(e))
                .containsExactly("snapshot a1");
        assertThat(storage.tokenAt(Instant.ofEpochMilli(2_500))).isEqualTo(2);
        assertThat(storage.scheduledEvents().all()).singleElement().satisfies(s -> {
            assertThat(s.scheduleToken()).isEqualTo("due-later");
            assertThat(s.dueEpochMillis()).isEqualTo(5_000);
            assertThat(s.payload()).containsExactly(1, 2, 3);
        });
        // The sequence check after a restart comes from the index on disk, not from memory.
        assertConflict(storage.appendEvents(List.of(event("a", 1, "stale"))), "a", 2, 1);
        assertThat(append(event("a", 2, "a2"))).isEqualTo(3);
        assertThat(storage.sizeOnDisk()).isPositive();
    }

    @Test
    void closingFailsLaterAppendsAndReads() {
        append(event("a", 0, "a0"));
        storage.close();

        assertThatThrownBy(() -> storage.appendEvents(List.of(event("a", 1, "late"))).join())
                .hasCauseInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.readEvents(0, 1)).isInstanceOf(StorageException.class);
        storage.close();
    }

    @Test
    void closingAnswersEveryPendingAppendAndKeepsExactlyTheAcknowledgedOnes() {
        List<CompletableFuture<Long>> appends = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            appends.add(storage.appendEvents(List.of(event("agg-" + i, 0, "e" + i))));
        }
        storage.close();

        List<Long> acknowledged = new ArrayList<>();
        for (CompletableFuture<Long> append : appends) {
            assertThat(append).as("answered by close").isDone();
            if (append.isCompletedExceptionally()) {
                assertThatThrownBy(append::join).hasCauseInstanceOf(StorageException.class);
            } else {
                acknowledged.add(append.join());
            }
        }
        storage = reopen();
        assertThat(storage.readEvents(0, Integer.MAX_VALUE)).extracting(EventWithToken::getToken)
                .containsExactlyElementsOf(acknowledged);
    }

    private static void assertConflict(CompletableFuture<Long> append, String aggregateId, long expected,
                                       long actual) {
        assertThatThrownBy(append::join).cause().isInstanceOfSatisfying(SequenceConflictException.class, e -> {
            assertThat(e.aggregateId()).isEqualTo(aggregateId);
            assertThat(e.expectedSequence()).isEqualTo(expected);
            assertThat(e.actualSequence()).isEqualTo(actual);
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
