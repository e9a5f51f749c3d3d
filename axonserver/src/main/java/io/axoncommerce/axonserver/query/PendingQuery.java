package io.axoncommerce.axonserver.query;

import io.axoncommerce.axonserver.routing.HandlerStream;
import io.axoniq.axonserver.grpc.query.QueryFlowControl;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryReference;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.grpc.stub.ServerCallStreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One dispatched query, from the dispatch to the end of the caller's call: relays the handlers' responses and ends
 * the call when every targeted handler completed, disconnected, or the query timed out.
 * <p>
 * A <b>streaming</b> query (caller and handler both stream) is flow controlled end to end: each handler may send
 * {@link #WINDOW} results ahead of what the caller's call has taken, and gets more permits ({@code QueryFlowControl})
 * as the caller takes them; the caller's call takes a result only while gRPC reports it ready, so a slow caller
 * holds back the handler instead of filling the server's memory. Cancelling the call cancels the handlers.
 * <p>
 * A <b>non-streaming</b> point-to-point query ends with the first response: Axon Framework's handler side answers such
 * a query again each time its own buffer asks for more, and the caller keeps only the first anyway.
 */
final class PendingQuery {

    /** Results of one streaming query a handler may send ahead of its caller. */
    static final int WINDOW = 64;
    /** More permits go out once this many of a handler's results reached the caller: fewer, larger grants. */
    private static final int REFILL = WINDOW / 2;

    private static final Logger logger = LoggerFactory.getLogger(PendingQuery.class);

    /** What the end of a query tells its owner: success is false when a handler answered with an error. */
    interface Ended {
        void ended(PendingQuery query, boolean success);
    }

    private record Held(HandlerStream<QueryProviderInbound> from, QueryResponse response) {
    }

    private final QueryRequest query;
    private final boolean streaming;
    private final long expectedResults;
    private final ServerCallStreamObserver<QueryResponse> caller;
    private final Ended ended;
    /**
     * Handlers that have not completed yet; for a streaming query, with the results each may have ahead of the
     * caller (permits granted, minus results relayed to the caller): in flight, or held here.
     */
    private final Map<HandlerStream<QueryProviderInbound>, Long> remaining = new HashMap<>();
    private final Deque<Held> held = new ArrayDeque<>();
    private long relayed;
    private boolean done;
    private boolean failed;
    private ScheduledFuture<?> timeout;

    /**
     * @param query           the query as handlers get it
     * @param streaming       whether results flow under permits (caller and server support streaming)
     * @param expectedResults the results after which a non-streaming call ends; 0 or less: when all completed
     */
    PendingQuery(QueryRequest query, boolean streaming, long expectedResults,
                 List<HandlerStream<QueryProviderInbound>> targets, ServerCallStreamObserver<QueryResponse> caller,
                 Ended ended) {
        this.query = query;
        this.streaming = streaming;
        this.expectedResults = expectedResults;
        this.caller = caller;
        this.ended = ended;
        targets.forEach(target -> remaining.put(target, 0L));
    }

    String id() {
        return query.getMessageIdentifier();
    }

    String name() {
        return query.getQuery();
    }

    /**
     * Sends the query to its handlers, with the first permits when it streams. Both go in the handler's permit
     * queue, in this order: a grant that overtook its query would reach a handler that does not know it yet.
     */
    void dispatch(ScheduledFuture<?> timeout) {
        List<HandlerStream<QueryProviderInbound>> targets;
        synchronized (this) {
            this.timeout = timeout;
            targets = List.copyOf(remaining.keySet());
        }
        for (HandlerStream<QueryProviderInbound> target : targets) {
            target.outbound().sendWithPermit(QueryProviderInbound.newBuilder().setQuery(query).build());
            if (streaming) {
                synchronized (this) {
                    remaining.computeIfPresent(target, (t, permits) -> permits + WINDOW);
                }
                target.outbound().sendWithPermit(flowControl(WINDOW));
            }
            if (target.outbound().isClosed()) {
                completedBy(target);
            }
        }
    }

    synchronized void response(HandlerStream<QueryProviderInbound> from, QueryResponse response) {
        // anything a handler sends after its completion (seen: repeated answers) is dropped
        if (done || !remaining.containsKey(from)) {
            return;
        }
        if (!response.getErrorCode().isEmpty()) {
            failed = true;
        }
        if (streaming) {
            held.add(new Held(from, response));
            relayReady();
            return;
        }
        send(response);
        if (expectedResults > 0 && ++relayed >= expectedResults) {
            finish();
        }
    }

    /** The caller's call can take more (gRPC's on-ready), or a handler sent results: relay what the call takes. */
    synchronized void relayReady() {
        while (!done && !held.isEmpty() && caller.isReady()) {
            Held next = held.poll();
            send(next.response());
            Long ahead = remaining.get(next.from());
            if (ahead != null) {
                long left = ahead - 1;
                if (left <= WINDOW - REFILL) {
                    // after the first grant, which the handler has seen: no need to queue behind its queries
                    next.from().outbound().send(flowControl(WINDOW - left));
                    left = WINDOW;
                }
                remaining.put(next.from(), left);
            }
        }
        if (remaining.isEmpty() && held.isEmpty()) {
            finish();
        }
    }

    synchronized void completedBy(HandlerStream<QueryProviderInbound> handler) {
        if (remaining.remove(handler) != null && remaining.isEmpty() && held.isEmpty()) {
            finish();
        }
    }

    /** Ends the call with what it has (all handlers done, or the query timed out). */
    synchronized void finish() {
        if (done) {
            return;
        }
        end();
        if (streaming) {
            // a stream that timed out: its handlers would otherwise keep producing for nobody
            cancelHandlers();
        }
        ended.ended(this, !failed);
        try {
            caller.onCompleted();
        } catch (RuntimeException e) {
            logger.debug("Caller of query {} went away", id(), e);
        }
    }

    /** The caller cancelled its call: the handlers stop too. */
    synchronized void cancel() {
        if (!done) {
            end();
            cancelHandlers();
        }
    }

    private void end() {
        done = true;
        held.clear();
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    private void cancelHandlers() {
        QueryProviderInbound cancel = QueryProviderInbound.newBuilder()
                .setQueryCancel(QueryReference.newBuilder().setRequestId(id())).build();
        // behind the query in the handler's permit queue, for the same reason as the first grant
        remaining.keySet().forEach(handler -> handler.outbound().sendWithPermit(cancel));
        remaining.clear();
    }

    private void send(QueryResponse response) {
        try {
            caller.onNext(response);
        } catch (RuntimeException e) {
            logger.debug("Caller of query {} went away", id(), e);
        }
    }

    private QueryProviderInbound flowControl(long permits) {
        return QueryProviderInbound.newBuilder().setQueryFlowControl(
                QueryFlowControl.newBuilder()
                                .setQueryReference(QueryReference.newBuilder().setRequestId(id()))
                                .setPermits(permits)).build();
    }
}
