package io.axoncommerce.axonserver.grpc;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoniq.axonserver.grpc.event.Confirmation;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import io.axoniq.axonserver.grpc.event.GetAggregateEventsRequest;
import io.axoniq.axonserver.grpc.event.GetAggregateSnapshotsRequest;
import io.axoniq.axonserver.grpc.event.GetEventsRequest;
import io.axoniq.axonserver.grpc.event.GetFirstTokenRequest;
import io.axoniq.axonserver.grpc.event.GetLastTokenRequest;
import io.axoniq.axonserver.grpc.event.GetTokenAtRequest;
import io.axoniq.axonserver.grpc.event.PayloadDescription;
import io.axoniq.axonserver.grpc.event.QueryEventsRequest;
import io.axoniq.axonserver.grpc.event.QueryEventsResponse;
import io.axoniq.axonserver.grpc.event.ReadHighestSequenceNrRequest;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import org.axonframework.axonserver.connector.event.util.GrpcExceptionParser;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The EventStore service at the gRPC level: append semantics, reads, event streams and bad input. */
class EventStoreProtocolIT {

    private static final int MAX_MESSAGE_SIZE = 64 * 1024;

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer server;
    static ManagedChannel channel;
    static EventStoreGrpc.EventStoreStub eventStore;
    static EventStoreGrpc.EventStoreBlockingStub blocking;

    @BeforeAll
    static void start() {
        server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir).maxMessageSize(MAX_MESSAGE_SIZE)
                                   .build().start();
        channel = GrpcClient.channel(server.grpcPort(), "default", null);
        eventStore = EventStoreGrpc.newStub(channel);
        blocking = EventStoreGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
    }

    static CompletableFuture<Confirmation> append(Event... events) {
        CompletableFuture<Confirmation> result = new CompletableFuture<>();
        StreamObserver<Event> stream = eventStore.appendEvent(observer(result));
        for (Event event : events) {
            stream.onNext(event);
        }
        stream.onCompleted();
        return result;
    }

    static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(new IllegalStateException("completed without a value"));
            }
        };
    }

    static StatusRuntimeException failure(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
            return (StatusRuntimeException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the call to fail");
    }

    static long lastToken() {
        return blocking.getLastToken(GetLastTokenRequest.getDefaultInstance()).getToken();
    }

    static String aggregate() {
        return "agg-" + UUID.randomUUID();
    }

    @Test
    void appendsAtomicallyAndRejectsAConflictWithACodeAxonMapsToConcurrencyException() throws Exception {
        String id = aggregate();
        assertThat(append(GrpcClient.event(id, 0, "Created", "{}"), GrpcClient.event(id, 1, "Changed", "{}"))
                           .get(10, TimeUnit.SECONDS).getSuccess()).isTrue();
        long head = lastToken();

        StatusRuntimeException conflict = failure(append(GrpcClient.event(id, 1, "Changed", "{}"),
                                                         GrpcClient.event(id, 2, "Changed", "{}")));
        assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(conflict.getTrailers().get(AxonErrors.ERROR_CODE_KEY)).isEqualTo("AXONIQ-2000");
        // what Axon's own client code makes of it
        assertThat(GrpcExceptionParser.parse(conflict)).isInstanceOf(ConcurrencyException.class);

        assertThat(lastToken()).isEqualTo(head);
        assertThat(blocking.readHighestSequenceNr(ReadHighestSequenceNrRequest.newBuilder().setAggregateId(id)
                                                                              .build()).getToSequenceNr())
                .isEqualTo(1);
    }

    @Test
    void rejectsAGapInsideOneTransactionAndStoresNothingOfIt() {
        String id = aggregate();
        long head = lastToken();
        StatusRuntimeException error = failure(append(GrpcClient.event(id, 0, "Created", "{}"),
                                                      GrpcClient.event(id, 2, "Changed", "{}")));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(lastToken()).isEqualTo(head);
        assertThat(server.storage().highestSequence(id)).isEqualTo(-1);
    }

    @Test
    void aRolledBackTransactionStoresNothing() throws Exception {
        String id = aggregate();
        long head = lastToken();
        CompletableFuture<Confirmation> result = new CompletableFuture<>();
        StreamObserver<Event> stream = eventStore.appendEvent(observer(result));
        stream.onNext(GrpcClient.event(id, 0, "Created", "{}"));
        stream.onError(Status.CANCELLED.asRuntimeException());
        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        // a later append to the same aggregate starts at 0: nothing of the rolled back one exists
        assertThat(append(GrpcClient.event(id, 0, "Created", "{}")).get(10, TimeUnit.SECONDS).getSuccess()).isTrue();
        assertThat(lastToken()).isEqualTo(head + 1);
    }

    @Test
    void refusesOversizedMessagesAndLeavesTheStoreIntact() {
        long head = lastToken();
        String big = "x".repeat(MAX_MESSAGE_SIZE + 1);
        StatusRuntimeException error = failure(append(GrpcClient.event(aggregate(), 0, "Big", big)));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(lastToken()).isEqualTo(head);
    }

    @Test
    void refusesATransactionLargerThanItsLimit() {
        long head = lastToken();
        String id = aggregate();
        // each event fits in a message; together they exceed the transaction limit (16 messages' worth)
        String chunk = "y".repeat(MAX_MESSAGE_SIZE / 2);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(GrpcClient.event(id, i, "Chunk", chunk));
        }
        StatusRuntimeException error = failure(append(events.toArray(Event[]::new)));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(lastToken()).isEqualTo(head);
    }

    @Test
    void refusesMalformedMessagesAndLeavesTheStoreIntact() {
        long head = lastToken();
        MethodDescriptor<byte[], byte[]> rawAppendSnapshot =
                EventStoreGrpc.getAppendSnapshotMethod().toBuilder(new BytesMarshaller(), new BytesMarshaller())
                              .build();
        ClientCall<byte[], byte[]> call = channel.newCall(rawAppendSnapshot, CallOptions.DEFAULT);
        byte[] garbage = {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(call, garbage))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("Malformed")
                                                              .contains("AppendSnapshot");
                });
        MethodDescriptor<byte[], byte[]> rawAppend =
                EventStoreGrpc.getAppendEventMethod().toBuilder(new BytesMarshaller(), new BytesMarshaller()).build();
        CompletableFuture<byte[]> appended = new CompletableFuture<>();
        StreamObserver<byte[]> stream = ClientCalls.asyncClientStreamingCall(
                channel.newCall(rawAppend, CallOptions.DEFAULT), observer(appended));
        stream.onNext(GrpcClient.event(aggregate(), 0, "Valid", "{}").toByteArray());
        stream.onNext(garbage);
        stream.onCompleted();
        assertThatThrownBy(() -> appended.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> blocking.appendSnapshot(GrpcClient.event(null, 0, "Snapshot", "{}")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                                        e -> assertThat(e.getStatus().getCode())
                                                .isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(lastToken()).isEqualTo(head);
    }

    @Test
    void refusesUnknownContextsButServesTheDefaultOne() {
        ManagedChannel other = GrpcClient.channel(server.grpcPort(), "sales", null);
        ManagedChannel none = GrpcClient.channel(server.grpcPort(), null, null);
        try {
            assertThatThrownBy(() -> EventStoreGrpc.newBlockingStub(other)
                                                   .getLastToken(GetLastTokenRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).contains("'sales'").contains("'default'");
                    });
            assertThat(EventStoreGrpc.newBlockingStub(none).getLastToken(GetLastTokenRequest.getDefaultInstance())
                                     .getToken()).isEqualTo(lastToken());
        } finally {
            other.shutdownNow();
            none.shutdownNow();
        }
    }

    @Test
    void readsAggregateEventsFromTheLatestSnapshot() throws Exception {
        String id = aggregate();
        append(GrpcClient.event(id, 0, "E", "0"), GrpcClient.event(id, 1, "E", "1"), GrpcClient.event(id, 2, "E", "2"),
               GrpcClient.event(id, 3, "E", "3")).get(10, TimeUnit.SECONDS);
        assertThat(blocking.appendSnapshot(GrpcClient.event(id, 1, "S", "snap")).getSuccess()).isTrue();

        List<Event> withSnapshot = new ArrayList<>();
        blocking.listAggregateEvents(GetAggregateEventsRequest.newBuilder().setAggregateId(id).setAllowSnapshots(true)
                                                              .build()).forEachRemaining(withSnapshot::add);
        assertThat(withSnapshot).extracting(e -> e.getPayload().getData().toStringUtf8())
                                .containsExactly("snap", "2", "3");
        assertThat(withSnapshot.getFirst().getSnapshot()).isTrue();

        List<Event> range = new ArrayList<>();
        blocking.listAggregateEvents(GetAggregateEventsRequest.newBuilder().setAggregateId(id).setInitialSequence(1)
                                                              .setMaxSequence(2).build())
                .forEachRemaining(range::add);
        assertThat(range).extracting(Event::getAggregateSequenceNumber).containsExactly(1L, 2L);

        List<Event> snapshots = new ArrayList<>();
        blocking.listAggregateSnapshots(GetAggregateSnapshotsRequest.newBuilder().setAggregateId(id).setMaxResults(1)
                                                                    .build()).forEachRemaining(snapshots::add);
        assertThat(snapshots).extracting(Event::getAggregateSequenceNumber).containsExactly(1L);
    }

    @Test
    void answersTokenLookUps() throws Exception {
        append(GrpcClient.event(aggregate(), 0, "E", "{}")).get(10, TimeUnit.SECONDS);
        long last = lastToken();
        assertThat(blocking.getFirstToken(GetFirstTokenRequest.getDefaultInstance()).getToken()).isZero();
        assertThat(blocking.getTokenAt(GetTokenAtRequest.newBuilder().setInstant(0).build()).getToken()).isZero();
        // nothing at or after a future instant: the answer is the store size (the connector subtracts one)
        long future = System.currentTimeMillis() + 3_600_000;
        assertThat(blocking.getTokenAt(GetTokenAtRequest.newBuilder().setInstant(future).build()).getToken())
                .isEqualTo(last + 1);
    }

    /** Collects a ListEvents stream. */
    static final class EventCollector implements ClientResponseObserver<GetEventsRequest, EventWithToken> {

        final BlockingQueue<EventWithToken> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        ClientCallStreamObserver<GetEventsRequest> requests;

        @Override
        public void beforeStart(ClientCallStreamObserver<GetEventsRequest> requestStream) {
            this.requests = requestStream;
        }

        @Override
        public void onNext(EventWithToken value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            closed.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            closed.complete(null);
        }

        long nextToken() throws InterruptedException {
            EventWithToken event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event.getToken();
        }
    }

    static EventCollector openStream(GetEventsRequest first) {
        EventCollector collector = new EventCollector();
        eventStore.listEvents(collector);
        collector.requests.onNext(first);
        return collector;
    }

    @Test
    void streamsEventsWithinPermitsAndTailsNewCommits() throws Exception {
        long start = lastToken() + 1;
        String id = aggregate();
        append(GrpcClient.event(id, 0, "E", "0"), GrpcClient.event(id, 1, "E", "1"),
               GrpcClient.event(id, 2, "E", "2")).get(10, TimeUnit.SECONDS);

        EventCollector stream = openStream(GetEventsRequest.newBuilder().setTrackingToken(start)
                                                           .setNumberOfPermits(2).build());
        assertThat(stream.nextToken()).isEqualTo(start);
        assertThat(stream.nextToken()).isEqualTo(start + 1);
        // out of permits: the third event waits
        assertThat(stream.received.poll(300, TimeUnit.MILLISECONDS)).isNull();

        stream.requests.onNext(GetEventsRequest.newBuilder().setNumberOfPermits(5).build());
        assertThat(stream.nextToken()).isEqualTo(start + 2);

        append(GrpcClient.event(id, 3, "E", "3")).get(10, TimeUnit.SECONDS);
        assertThat(stream.nextToken()).isEqualTo(start + 3);
        assertThat(stream.closed).isNotDone(); // tailing streams never complete by themselves
        assertThat(server.eventStore().openEventStreams()).isPositive();

        stream.requests.cancel("done", null);
        assertThatThrownBy(() -> stream.closed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                StatusRuntimeException.class);
        // cancelling releases the server side: no stream (and no commit listener) is left behind
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                                 .until(() -> server.eventStore().openEventStreams() == 0);
    }

    @Test
    void skipsBlacklistedPayloadTypesButKeepsTheTokenMoving() throws Exception {
        long start = lastToken() + 1;
        append(GrpcClient.event(null, 0, "Wanted", "a"), GrpcClient.event(null, 0, "Unwanted", "b"),
               GrpcClient.event(null, 0, "Wanted", "c"), GrpcClient.event(null, 0, "Unwanted", "d"))
                .get(10, TimeUnit.SECONDS);
        EventCollector stream = openStream(
                GetEventsRequest.newBuilder().setTrackingToken(start).setNumberOfPermits(100)
                                .addBlacklist(PayloadDescription.newBuilder().setType("Unwanted")).build());
        assertThat(stream.nextToken()).isEqualTo(start);
        assertThat(stream.nextToken()).isEqualTo(start + 2);
        // the last event before the head is sent even though blacklisted, so the client's token reaches the head
        assertThat(stream.nextToken()).isEqualTo(start + 3);
        stream.requests.cancel("done", null);
    }

    @Test
    void refusesNegativeOrHugePermitsAndNegativeTokens() {
        for (GetEventsRequest bad : List.of(
                GetEventsRequest.newBuilder().setTrackingToken(0).setNumberOfPermits(-1).build(),
                GetEventsRequest.newBuilder().setTrackingToken(0).setNumberOfPermits(Long.MAX_VALUE).build(),
                GetEventsRequest.newBuilder().setTrackingToken(-5).setNumberOfPermits(10).build())) {
            EventCollector stream = openStream(bad);
            assertThatThrownBy(() -> stream.closed.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StatusRuntimeException.class)
                    .satisfies(e -> assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                            .isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        // a later, valid permit grant of a running stream that overflows is refused as well
        EventCollector stream = openStream(GetEventsRequest.newBuilder().setTrackingToken(0).setNumberOfPermits(1)
                                                           .build());
        stream.requests.onNext(GetEventsRequest.newBuilder().setNumberOfPermits(-10).build());
        assertThatThrownBy(() -> stream.closed.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StatusRuntimeException.class);
    }

    @Test
    void queriesEventsWithASimpleFilter() throws Exception {
        String id = aggregate();
        append(GrpcClient.event(id, 0, "Opened", "{}"), GrpcClient.event(id, 1, "Closed", "{}"),
               GrpcClient.event(aggregate(), 0, "Opened", "{}")).get(10, TimeUnit.SECONDS);

        List<QueryEventsResponse> rows = query("aggregateIdentifier = \"" + id + "\" and payloadType = \"Closed\"");
        assertThat(rows.getFirst().hasColumns()).isTrue();
        assertThat(rows.subList(1, rows.size()))
                .singleElement()
                .satisfies(r -> assertThat(r.getRow().getValuesMap().get("aggregateSequenceNumber").getNumberValue())
                        .isEqualTo(1));

        assertThatThrownBy(() -> query("aggregateIdentifier ~ 12"))
                .hasCauseInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void queriesSnapshotsWithTheSameFilter() throws Exception {
        String id = aggregate();
        assertThat(blocking.appendSnapshot(GrpcClient.event(id, 3, "State", "{\"v\":3}")).getSuccess()).isTrue();
        assertThat(blocking.appendSnapshot(GrpcClient.event(id, 1, "State", "{\"v\":1}")).getSuccess()).isTrue();
        assertThat(blocking.appendSnapshot(GrpcClient.event(aggregate(), 0, "State", "{}")).getSuccess()).isTrue();

        List<QueryEventsResponse> rows = query(QueryEventsRequest.newBuilder().setQuerySnapshots(true)
                .setQuery("aggregateIdentifier = \"" + id + "\""));
        assertThat(rows.getFirst().hasColumns()).isTrue();
        assertThat(rows.subList(1, rows.size()))
                .extracting(r -> r.getRow().getValuesMap().get("aggregateSequenceNumber").getNumberValue(),
                            r -> r.getRow().getValuesMap().get("payloadData").getTextValue())
                .containsExactly(tuple(1L, "{\"v\":1}"), tuple(3L, "{\"v\":3}"));
        // the events of that aggregate are not snapshots, and a snapshot query does not see them
        append(GrpcClient.event(id, 0, "Opened", "{}")).get(10, TimeUnit.SECONDS);
        assertThat(query(QueryEventsRequest.newBuilder().setQuerySnapshots(true)
                .setQuery("aggregateIdentifier = \"" + id + "\" and payloadType = \"Opened\"")))
                .hasSize(1); // the columns only

        assertThatThrownBy(() -> query(QueryEventsRequest.newBuilder().setQuerySnapshots(true).setLiveEvents(true)))
                .hasCauseInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                        .isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void aLiveQueryFollowsNewCommits() throws Exception {
        String type = "Live-" + UUID.randomUUID();
        BlockingQueue<QueryEventsResponse> received = new LinkedBlockingQueue<>();
        StreamObserver<QueryEventsRequest> requests = eventStore.queryEvents(new StreamObserver<>() {
            @Override
            public void onNext(QueryEventsResponse value) {
                received.add(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(QueryEventsRequest.newBuilder().setQuery("payloadType = \"" + type + "\"")
                                          .setLiveEvents(true).setNumberOfPermits(10).build());
        assertThat(received.poll(10, TimeUnit.SECONDS)).satisfies(r -> assertThat(r.hasColumns()).isTrue());
        append(GrpcClient.event(null, 0, "Other", "{}"), GrpcClient.event(null, 0, type, "{}"))
                .get(10, TimeUnit.SECONDS);
        QueryEventsResponse row = received.poll(10, TimeUnit.SECONDS);
        assertThat(row).isNotNull();
        assertThat(row.getRow().getValuesMap().get("payloadType").getTextValue()).isEqualTo(type);
        assertThat(row.getRow().getValuesMap().get("token").getNumberValue()).isEqualTo(lastToken());
        requests.onError(Status.CANCELLED.asRuntimeException());
    }

    static List<QueryEventsResponse> query(String query) throws Exception {
        return query(QueryEventsRequest.newBuilder().setQuery(query));
    }

    static List<QueryEventsResponse> query(QueryEventsRequest.Builder request) throws Exception {
        List<QueryEventsResponse> rows = new ArrayList<>();
        CompletableFuture<List<QueryEventsResponse>> done = new CompletableFuture<>();
        StreamObserver<QueryEventsRequest> requests = eventStore.queryEvents(new StreamObserver<>() {
            @Override
            public void onNext(QueryEventsResponse value) {
                rows.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(rows);
            }
        });
        requests.onNext(request.setNumberOfPermits(1000).build());
        List<QueryEventsResponse> result = done.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        return result;
    }

    @Test
    void aStreamOnTheWholeStoreStaysWithinItsPermits() throws Exception {
        // events larger than the transport window: readiness, not only permits, has to hold the sender back
        String id = aggregate();
        String payload = "z".repeat(16 * 1024);
        for (int batch = 0; batch < 5; batch++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.add(GrpcClient.event(id, batch * 20L + i, "Bulk", payload));
            }
            append(events.toArray(Event[]::new)).get(10, TimeUnit.SECONDS);
        }
        long head = lastToken();
        EventCollector stream = openStream(GetEventsRequest.newBuilder().setTrackingToken(0).setNumberOfPermits(50)
                                                           .build());
        for (int i = 0; i < 50; i++) {
            assertThat(stream.nextToken()).isEqualTo(i);
        }
        assertThat(stream.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        stream.requests.onNext(GetEventsRequest.newBuilder().setNumberOfPermits(1_000_000).build());
        for (long token = 50; token <= head; token++) {
            assertThat(stream.nextToken()).isEqualTo(token);
        }
        stream.requests.cancel("done", null);
    }

    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
