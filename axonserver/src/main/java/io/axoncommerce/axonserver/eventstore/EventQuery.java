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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One {@code QueryEvents} call: scans the event stream from token 0 and returns the events matching an
 * {@link EventFilter} as rows, one permit per row. Without {@code live_events} the call completes at the head of the
 * store as it was when the query started; with it, the query keeps following new commits until cancelled.
 * <p>
 * With {@code query_snapshots} it scans the snapshots instead, by aggregate and sequence, and completes at the last
 * one. Snapshots have no global token here, so their {@code token} column is the row's position in that scan.
 */
final class EventQuery extends FlowControlledReader<QueryEventsRequest, QueryEventsResponse> {

    static final List<String> COLUMNS = List.of("token", "eventIdentifier", "aggregateIdentifier",
                                                "aggregateSequenceNumber", "aggregateType", "payloadType",
                                                "payloadRevision", "payloadData", "timestamp");
    private static final int READ_BATCH = 512;

    private final EventStorage storage;
    // set by the first request, then only touched by the single running drain
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
        super(executor, observer);
        this.storage = storage;
    }

    @Override
    public void onNext(QueryEventsRequest request) {
        if (isClosed()) {
            return;
        }
        long granted;
        try {
            granted = Permits.validate(request.getNumberOfPermits());
            if (!isStarted()) {
                snapshots = request.getQuerySnapshots();
                if (snapshots && request.getLiveEvents()) {
                    throw Status.UNIMPLEMENTED.withDescription("Following new snapshots (live_events) is not supported")
                                              .asRuntimeException();
                }
                filter = EventFilter.parse(request.getQuery());
                live = request.getLiveEvents();
                // a snapshot scan ends where the snapshots end
                endToken = snapshots ? Long.MAX_VALUE : storage.lastToken();
                start(live ? storage.onCommit(last -> schedule()) : null);
                sendNow(QueryEventsResponse.newBuilder()
                                           .setColumns(ColumnsResponse.newBuilder().addAllColumn(COLUMNS))
                                           .build());
            }
        } catch (IllegalArgumentException e) {
            fail(EventStoreService.invalid(e.getMessage()));
            return;
        } catch (StatusRuntimeException e) {
            fail(e);
            return;
        }
        grant(granted);
    }

    @Override
    protected QueryEventsResponse next() {
        while (!isClosed()) {
            if (rows >= filter.limit() || (!live && nextToken > endToken)) {
                finish();
                return null;
            }
            if (position >= buffer.size()) {
                buffer = snapshots ? nextSnapshots() : storage.readEvents(nextToken, READ_BATCH);
                position = 0;
                if (buffer.isEmpty()) {
                    if (snapshots) {
                        finish();
                    }
                    return null; // live query at the head: the commit listener schedules the next round
                }
            }
            EventWithToken event = buffer.get(position++);
            if (!live && event.getToken() > endToken) {
                nextToken = event.getToken();
                continue; // the check at the top finishes the query
            }
            nextToken = event.getToken() + 1;
            if (filter.predicate().test(event)) {
                rows++;
                return QueryEventsResponse.newBuilder().setRow(row(event)).build();
            }
        }
        return null;
    }

    /** The next page of snapshots, each numbered with its position in the scan. */
    private List<EventWithToken> nextSnapshots() {
        List<Event> page = storage.scanSnapshots(lastSnapshot, READ_BATCH);
        if (!page.isEmpty()) {
            lastSnapshot = page.getLast();
        }
        List<EventWithToken> numbered = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            numbered.add(EventWithToken.newBuilder().setToken(nextToken + i).setEvent(page.get(i)).build());
        }
        return numbered;
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
}
