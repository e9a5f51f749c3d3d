package io.axoncommerce.axonserver.eventstore;

import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoncommerce.axonserver.eventstore.storage.SequenceConflictException;
import io.axoncommerce.axonserver.grpc.AxonErrors;
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
import io.axoniq.axonserver.grpc.event.QueryEventsRequest;
import io.axoniq.axonserver.grpc.event.QueryEventsResponse;
import io.axoniq.axonserver.grpc.event.ReadHighestSequenceNrRequest;
import io.axoniq.axonserver.grpc.event.ReadHighestSequenceNrResponse;
import io.axoniq.axonserver.grpc.event.TrackingToken;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The gRPC EventStore service on top of {@link EventStorage}: appends (atomic per client stream), aggregate reads,
 * token look-ups and tailing event streams.
 */
public final class EventStoreService extends EventStoreGrpc.EventStoreImplBase {

    private static final Logger logger = LoggerFactory.getLogger(EventStoreService.class);

    private final EventStorage storage;
    private final Executor executor;
    private final long maxTransactionBytes;
    private final java.util.concurrent.atomic.AtomicInteger openStreams = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param executor            runs the event streams' read loops (they block on storage reads)
     * @param maxTransactionBytes upper bound of the serialized size of one append transaction
     */
    public EventStoreService(EventStorage storage, Executor executor, long maxTransactionBytes) {
        this.storage = storage;
        this.executor = executor;
        this.maxTransactionBytes = maxTransactionBytes;
    }

    @Override
    public StreamObserver<Event> appendEvent(StreamObserver<Confirmation> responseObserver) {
        return new StreamObserver<>() {
            private final List<Event> events = new ArrayList<>();
            private final Map<String, Long> nextSequence = new HashMap<>();
            private long bytes;
            private StatusRuntimeException rejected;

            @Override
            public void onNext(Event event) {
                if (rejected != null) {
                    return;
                }
                bytes += event.getSerializedSize();
                rejected = validate(event);
                if (rejected == null && bytes > maxTransactionBytes) {
                    rejected = AxonErrors.VALIDATION_FAILED.asException(
                            Status.RESOURCE_EXHAUSTED,
                            "Transaction exceeds the limit of " + maxTransactionBytes + " bytes");
                }
                if (rejected != null) {
                    events.clear();
                    // Answer at once: the client may never half-close a transaction it thinks is fine.
                    responseObserver.onError(rejected);
                    return;
                }
                events.add(event);
            }

            private StatusRuntimeException validate(Event event) {
                if (event.getSnapshot()) {
                    return invalid("Snapshots must be stored with AppendSnapshot");
                }
                String aggregateId = event.getAggregateIdentifier();
                if (aggregateId.isEmpty()) {
                    return null;
                }
                long sequence = event.getAggregateSequenceNumber();
                if (sequence < 0) {
                    return invalid("Negative sequence number " + sequence + " for aggregate " + aggregateId);
                }
                Long expected = nextSequence.put(aggregateId, sequence + 1);
                if (expected != null && expected != sequence) {
                    return AxonErrors.INVALID_EVENT_SEQUENCE.asException(
                            Status.ABORTED,
                            "Invalid sequence number %d for aggregate %s, expected %d"
                                    .formatted(sequence, aggregateId, expected));
                }
                return null;
            }

            @Override
            public void onError(Throwable t) {
                // the client rolled back (or went away): nothing was stored and nothing will be
                events.clear();
            }

            @Override
            public void onCompleted() {
                if (rejected != null) {
                    return;
                }
                List<Event> transaction = List.copyOf(events);
                events.clear();
                storage.appendEvents(transaction).whenComplete((token, error) -> {
                    if (error == null) {
                        responseObserver.onNext(Confirmation.newBuilder().setSuccess(true).build());
                        responseObserver.onCompleted();
                    } else {
                        responseObserver.onError(toStatus(error));
                    }
                });
            }
        };
    }

    @Override
    public void appendSnapshot(Event request, StreamObserver<Confirmation> responseObserver) {
        if (request.getAggregateIdentifier().isEmpty() || request.getAggregateSequenceNumber() < 0) {
            responseObserver.onError(invalid("A snapshot needs an aggregate identifier and a sequence number >= 0"));
            return;
        }
        Event snapshot = request.getSnapshot() ? request : request.toBuilder().setSnapshot(true).build();
        storage.appendSnapshot(snapshot).whenComplete((ignored, error) -> {
            if (error == null) {
                responseObserver.onNext(Confirmation.newBuilder().setSuccess(true).build());
                responseObserver.onCompleted();
            } else {
                responseObserver.onError(toStatus(error));
            }
        });
    }

    @Override
    public void listAggregateEvents(GetAggregateEventsRequest request, StreamObserver<Event> responseObserver) {
        String aggregateId = request.getAggregateId();
        if (aggregateId.isEmpty()) {
            responseObserver.onError(invalid("aggregate_id is required"));
            return;
        }
        long from = Math.max(0, request.getInitialSequence());
        // 0 (the proto default) means "no upper bound", as the Axon client never asks for "up to sequence 0"
        long to = request.getMaxSequence() > 0 ? request.getMaxSequence() : Long.MAX_VALUE;
        try {
            if (request.getAllowSnapshots()) {
                List<Event> snapshots = storage.readSnapshots(aggregateId, from, to, 1);
                if (!snapshots.isEmpty()) {
                    Event snapshot = snapshots.getFirst();
                    responseObserver.onNext(snapshot);
                    from = snapshot.getAggregateSequenceNumber() + 1;
                }
            }
            if (from <= to) {
                for (Event event : storage.readAggregateEvents(aggregateId, from, to)) {
                    responseObserver.onNext(event);
                }
            }
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    @Override
    public void listAggregateSnapshots(GetAggregateSnapshotsRequest request, StreamObserver<Event> responseObserver) {
        String aggregateId = request.getAggregateId();
        if (aggregateId.isEmpty()) {
            responseObserver.onError(invalid("aggregate_id is required"));
            return;
        }
        long from = Math.max(0, request.getInitialSequence());
        long to = request.getMaxSequence() > 0 ? request.getMaxSequence() : Long.MAX_VALUE;
        try {
            for (Event snapshot : storage.readSnapshots(aggregateId, from, to, request.getMaxResults())) {
                responseObserver.onNext(snapshot);
            }
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    @Override
    public void readHighestSequenceNr(ReadHighestSequenceNrRequest request,
                                      StreamObserver<ReadHighestSequenceNrResponse> responseObserver) {
        if (request.getAggregateId().isEmpty()) {
            responseObserver.onError(invalid("aggregate_id is required"));
            return;
        }
        respond(responseObserver, () -> ReadHighestSequenceNrResponse.newBuilder()
                .setToSequenceNr(storage.highestSequence(request.getAggregateId())).build());
    }

    @Override
    public void getFirstToken(GetFirstTokenRequest request, StreamObserver<TrackingToken> responseObserver) {
        respond(responseObserver, () -> token(storage.firstToken()));
    }

    @Override
    public void getLastToken(GetLastTokenRequest request, StreamObserver<TrackingToken> responseObserver) {
        respond(responseObserver, () -> token(storage.lastToken()));
    }

    @Override
    public void getTokenAt(GetTokenAtRequest request, StreamObserver<TrackingToken> responseObserver) {
        respond(responseObserver, () -> token(storage.tokenAt(Instant.ofEpochMilli(request.getInstant()))));
    }

    @Override
    public StreamObserver<GetEventsRequest> listEvents(StreamObserver<EventWithToken> responseObserver) {
        return new EventStream(storage, executor, (ServerCallStreamObserver<EventWithToken>) responseObserver,
                               openStreams);
    }

    @Override
    public StreamObserver<QueryEventsRequest> queryEvents(StreamObserver<QueryEventsResponse> responseObserver) {
        return new EventQuery(storage, executor, (ServerCallStreamObserver<QueryEventsResponse>) responseObserver);
    }

    /** {@code ListEvents} streams currently open (each holds a commit listener until it ends). */
    public int openEventStreams() {
        return openStreams.get();
    }

    private static TrackingToken token(long value) {
        return TrackingToken.newBuilder().setToken(value).build();
    }

    private static <T> void respond(StreamObserver<T> observer, java.util.function.Supplier<T> answer) {
        T value;
        try {
            value = answer.get();
        } catch (RuntimeException e) {
            observer.onError(toStatus(e));
            return;
        }
        observer.onNext(value);
        observer.onCompleted();
    }

    static StatusRuntimeException invalid(String message) {
        return AxonErrors.VALIDATION_FAILED.asException(Status.INVALID_ARGUMENT, message);
    }

    /**
     * Maps storage failures to gRPC. A sequence conflict becomes ABORTED with {@code AXONIQ-2000}: Axon's
     * {@code GrpcExceptionParser} turns that code into a {@code ConcurrencyException}, and the command service
     * recognises the code when the handling application relays the failure (see {@code CommandRouter}).
     */
    static StatusRuntimeException toStatus(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (cause instanceof SequenceConflictException conflict) {
            return AxonErrors.INVALID_EVENT_SEQUENCE.asException(Status.ABORTED, conflict.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            return invalid(cause.getMessage());
        }
        logger.warn("Event store operation failed", cause);
        return AxonErrors.DATAFILE_WRITE_ERROR.asException(Status.INTERNAL, String.valueOf(cause.getMessage()));
    }
}
