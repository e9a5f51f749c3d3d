package io.axoncommerce.axonserver.eventstore;

import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoncommerce.axonserver.grpc.Permits;
import io.axoniq.axonserver.grpc.event.ColumnsResponse;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import io.axoniq.axonserver.grpc.event.QueryEventsRequest;
import io.axoniq.axonserver.grpc.event.QueryEventsResponse;
import io.axoniq.axonserver.grpc.event.QueryValue;
import io.axoniq.axonserver.grpc.event.RowResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code QueryEvents} call: scans the event stream from token 0 and returns the events matching an
 * {@link EventFilter} as rows, one permit per row. Without {@code live_events} the call completes at the head of the
 * store as it was when the query started; with it, the query keeps following new commits until cancelled.
 * <p>
 * With {@code query_snapshots} it scans the snapshots instead, by aggregate and sequence, and completes at the last
 * one. Snapshots have no global token here, so their {@code token} column is the row's position in that scan.
 */
final class EventQuery implements StreamObserver<QueryEventsRequest> {

    private static final Logger logger = LoggerFactory.getLogger(EventQuery.class);
    static final List<String> COLUMNS = List.of("token", "eventIdentifier", "aggregateIdentifier",
                                                "aggregateSequenceNumber", "aggregateType", "payloadType",
                                                "payloadRevision", "payloadData", "timestamp");
    private static final int READ_BATCH = 512;

    private final EventStorage storage;
    private final Executor executor;
    private final ServerCallStreamObserver<QueryEventsResponse> observer;
    private final AtomicLong permits = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile AutoCloseable commitListener;
    private EventFilter filter;
    private boolean live;
    private boolean snapshots;
    private Event lastSnapshot;
    private long endToken;
    private long nextToken;
    private long rows;
    private List<EventWithToken> buffer = List.of();
    private int position;

    EventQuery(EventStorage storage, Executor executor, ServerCallStreamObserver<QueryEventsResponse> observer) {
        this.storage = storage;
        this.executor = executor;
        this.observer = observer;
        observer.setOnCancelHandler(this::close);
        observer.setOnReadyHandler(this::schedule);
    }

    @Override
    public void onNext(QueryEventsRequest request) {
        if (closed) {
            return;
        }
        long granted;
        try {
            granted = Permits.validate(request.getNumberOfPermits());
            if (!started) {
                snapshots = request.getQuerySnapshots();
                if (snapshots && request.getLiveEvents()) {
                    throw Status.UNIMPLEMENTED.withDescription("Following new snapshots (live_events) is not supported")
                                              .asRuntimeException();
                }
                filter = EventFilter.parse(request.getQuery());
                live = request.getLiveEvents();
                // a snapshot scan ends where the snapshots end
                endToken = snapshots ? Long.MAX_VALUE : storage.lastToken();
                started = true;
                if (live) {
                    commitListener = storage.onCommit(last -> schedule());
                }
                synchronized (observer) {
                    observer.onNext(QueryEventsResponse.newBuilder()
                                                       .setColumns(ColumnsResponse.newBuilder().addAllColumn(COLUMNS))
                                                       .build());
                }
            }
        } catch (IllegalArgumentException e) {
            fail(EventStoreService.invalid(e.getMessage()));
            return;
        } catch (StatusRuntimeException e) {
            fail(e);
            return;
        }
        permits.accumulateAndGet(granted, (a, b) -> b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b);
        schedule();
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onCompleted() {
        finish();
    }

    private void schedule() {
        if (started && !closed && pending.getAndIncrement() == 0) {
            executor.execute(() -> {
                int missed = 1;
                do {
                    try {
                        drain();
                    } catch (RuntimeException e) {
                        fail(EventStoreService.toStatus(e));
                        return;
                    }
                    missed = pending.addAndGet(-missed);
                } while (missed != 0);
            });
        }
    }

    private void drain() {
        while (!closed && permits.get() > 0 && observer.isReady()) {
            if (rows >= filter.limit() || (!live && nextToken > endToken)) {
                finish();
                return;
            }
            if (position >= buffer.size()) {
                buffer = snapshots ? nextSnapshots() : storage.readEvents(nextToken, READ_BATCH);
                position = 0;
                if (buffer.isEmpty()) {
                    if (snapshots) {
                        finish();
                    }
                    return; // live query at the head: the commit listener schedules the next round
                }
            }
            EventWithToken event = buffer.get(position++);
            if (!live && event.getToken() > endToken) {
                nextToken = event.getToken();
                continue; // the check at the top finishes the query
            }
            nextToken = event.getToken() + 1;
            if (filter.predicate().test(event)) {
                synchronized (observer) {
                    if (closed) {
                        return;
                    }
                    observer.onNext(QueryEventsResponse.newBuilder().setRow(row(event)).build());
                }
                rows++;
                permits.decrementAndGet();
            }
        }
    }

    /** The next page of snapshots, each numbered with its position in the scan. */
    private List<EventWithToken> nextSnapshots() {
        List<Event> page = storage.scanSnapshots(lastSnapshot, READ_BATCH);
        if (!page.isEmpty()) {
            lastSnapshot = page.getLast();
        }
        List<EventWithToken> rows = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            rows.add(EventWithToken.newBuilder().setToken(nextToken + i).setEvent(page.get(i)).build());
        }
        return rows;
    }

    private static RowResponse row(EventWithToken eventWithToken) {
        Event event = eventWithToken.getEvent();
        QueryValue token = number(eventWithToken.getToken());
        return RowResponse.newBuilder()
                          .addIdValues(token)
                          .addSortValues(token)
                          .putValues("token", token)
                          .putValues("eventIdentifier", text(event.getMessageIdentifier()))
                          .putValues("aggregateIdentifier", text(event.getAggregateIdentifier()))
                          .putValues("aggregateSequenceNumber", number(event.getAggregateSequenceNumber()))
                          .putValues("aggregateType", text(event.getAggregateType()))
                          .putValues("payloadType", text(event.getPayload().getType()))
                          .putValues("payloadRevision", text(event.getPayload().getRevision()))
                          .putValues("payloadData", text(event.getPayload().getData().toStringUtf8()))
                          .putValues("timestamp", number(event.getTimestamp()))
                          .build();
    }

    private static QueryValue number(long value) {
        return QueryValue.newBuilder().setNumberValue(value).build();
    }

    private static QueryValue text(String value) {
        return QueryValue.newBuilder().setTextValue(value).build();
    }

    private void finish() {
        if (closed) {
            return;
        }
        close();
        synchronized (observer) {
            try {
                observer.onCompleted();
            } catch (RuntimeException e) {
                logger.debug("Query stream already closed", e);
            }
        }
    }

    private void fail(StatusRuntimeException error) {
        if (closed) {
            return;
        }
        close();
        synchronized (observer) {
            try {
                observer.onError(error);
            } catch (RuntimeException e) {
                logger.debug("Query stream already closed", e);
            }
        }
    }

    private void close() {
        closed = true;
        AutoCloseable listener = commitListener;
        commitListener = null;
        if (listener != null) {
            try {
                listener.close();
            } catch (Exception e) {
                logger.debug("Could not unregister commit listener", e);
            }
        }
    }
}
