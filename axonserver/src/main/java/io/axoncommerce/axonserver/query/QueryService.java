package io.axoncommerce.axonserver.query;

import io.axoncommerce.axonserver.grpc.AxonErrors;
import io.axoncommerce.axonserver.metrics.MessageStatistics;
import io.axoncommerce.axonserver.routing.HandlerRegistry;
import io.axoncommerce.axonserver.routing.HandlerStream;
import io.axoncommerce.axonserver.routing.QueryRouting;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.ProcessingInstruction;
import io.axoniq.axonserver.grpc.ProcessingKey;
import io.axoniq.axonserver.grpc.query.QueryComplete;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryProviderOutbound;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.axoniq.axonserver.grpc.query.QueryServiceGrpc;
import io.axoniq.axonserver.grpc.query.QuerySubscription;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryRequest;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Routes queries to the applications that subscribed query handlers: point-to-point queries to one handler,
 * scatter-gather to every handler of the query; subscription queries to every handler, relaying initial result,
 * updates and completion back to the subscriber.
 */
public final class QueryService extends QueryServiceGrpc.QueryServiceImplBase {

    private final String location;
    private final ScheduledExecutorService timer;
    private final Duration defaultTimeout;
    /** query name -> handler stream -> result names it handles */
    private final HandlerRegistry<QueryProviderInbound, Set<String>> handlers = new HandlerRegistry<>();
    /** Dispatched queries by message id, until their calls end. */
    private final Map<String, PendingQuery> pending = new ConcurrentHashMap<>();
    private final SubscriptionQueryRelay subscriptionQueries;
    private final MessageStatistics statistics = new MessageStatistics();

    public QueryService(String location, ScheduledExecutorService timer, Duration defaultTimeout) {
        this.location = location;
        this.timer = timer;
        this.defaultTimeout = defaultTimeout;
        this.subscriptionQueries = new SubscriptionQueryRelay(
                this::handlersOf, query -> noHandler(query.getMessageIdentifier(), query.getQuery()));
    }

    // ---- handler side ----

    @Override
    public StreamObserver<QueryProviderOutbound> openStream(StreamObserver<QueryProviderInbound> observer) {
        return HandlerStream.open(observer, this::handle, this::disconnected);
    }

    private void handle(HandlerStream<QueryProviderInbound> stream, QueryProviderOutbound message) {
        boolean success = true;
        switch (message.getRequestCase()) {
            case SUBSCRIBE -> subscribe(stream, message.getSubscribe());
            case UNSUBSCRIBE -> {
                QuerySubscription unsubscribe = message.getUnsubscribe();
                handlers.computeIfPresent(unsubscribe.getQuery(), stream, results -> {
                    results.remove(unsubscribe.getResultName());
                    return results.isEmpty() ? null : results;
                });
            }
            case FLOW_CONTROL -> {
                if (!stream.grant(message.getFlowControl().getPermits(), this::disconnected)) {
                    return;
                }
            }
            case QUERY_RESPONSE -> {
                PendingQuery query = pending.get(message.getQueryResponse().getRequestIdentifier());
                if (query != null) {
                    query.response(stream, message.getQueryResponse());
                }
            }
            case QUERY_COMPLETE -> {
                QueryComplete complete = message.getQueryComplete();
                PendingQuery query = pending.get(complete.getRequestId());
                if (query != null) {
                    query.completedBy(stream);
                }
            }
            case SUBSCRIPTION_QUERY_RESPONSE ->
                    subscriptionQueries.relay(stream, message.getSubscriptionQueryResponse());
            case ACK -> {
                // acknowledgements of what we send need no action
            }
            default -> success = false;
        }
        stream.acknowledge(message.getInstructionId(), success, message.getRequestCase(), location,
                           ack -> QueryProviderInbound.newBuilder().setAck(ack).build());
    }

    private void subscribe(HandlerStream<QueryProviderInbound> stream, QuerySubscription subscription) {
        stream.identify(subscription.getClientId());
        Set<String> results = handlers.computeIfAbsent(subscription.getQuery(), stream,
                                                       ConcurrentHashMap::newKeySet);
        boolean newForQuery = results.isEmpty();
        results.add(subscription.getResultName());
        if (newForQuery) {
            subscriptionQueries.handlerSubscribed(stream, subscription.getQuery());
        }
    }

    private void disconnected(HandlerStream<QueryProviderInbound> stream) {
        handlers.removeAll(stream);
        pending.values().forEach(query -> query.completedBy(stream));
        subscriptionQueries.disconnected(stream);
    }

    private List<HandlerStream<QueryProviderInbound>> handlersOf(String query) {
        return handlers.streams(query);
    }

    // ---- dispatcher side: queries ----

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> responseObserver) {
        long start = System.nanoTime();
        ServerCallStreamObserver<QueryResponse> caller = (ServerCallStreamObserver<QueryResponse>) responseObserver;
        String id = request.getMessageIdentifier().isEmpty() ? UUID.randomUUID().toString()
                : request.getMessageIdentifier();
        List<HandlerStream<QueryProviderInbound>> candidates = handlersOf(request.getQuery());
        if (candidates.isEmpty()) {
            statistics.record(request.getQuery(), System.nanoTime() - start, false);
            caller.onNext(noHandler(id, request.getQuery()));
            caller.onCompleted();
            return;
        }
        long expectedResults = instruction(request, ProcessingKey.NR_OF_RESULTS)
                .map(i -> i.getValue().getNumberValue()).orElse(-1L);
        List<HandlerStream<QueryProviderInbound>> targets = QueryRouting.targets(candidates, expectedResults);
        boolean streaming = instruction(request, ProcessingKey.CLIENT_SUPPORTS_STREAMING)
                .map(i -> i.getValue().getBooleanValue()).orElse(false);
        QueryRequest forwarded = request;
        if (streaming || request.getMessageIdentifier().isEmpty()) {
            QueryRequest.Builder builder = request.toBuilder().setMessageIdentifier(id);
            if (streaming) {
                // without it the handler side answers eagerly, and again each time it is asked for more
                builder.addProcessingInstructions(ProcessingInstruction.newBuilder()
                        .setKey(ProcessingKey.SERVER_SUPPORTS_STREAMING)
                        .setValue(MetaDataValue.newBuilder().setBooleanValue(true)));
            }
            forwarded = builder.build();
        }
        PendingQuery query = new PendingQuery(forwarded, streaming, expectedResults, targets, caller,
                                              (ended, success) -> {
                                                  pending.remove(ended.id(), ended);
                                                  statistics.record(ended.name(), System.nanoTime() - start,
                                                                    success);
                                              });
        if (pending.putIfAbsent(id, query) != null) {
            caller.onNext(error(id, AxonErrors.QUERY_DISPATCH_ERROR,
                                "A query with identifier " + id + " is already in progress"));
            caller.onCompleted();
            return;
        }
        caller.setOnCancelHandler(() -> {
            pending.remove(id, query);
            query.cancel();
        });
        caller.setOnReadyHandler(query::relayReady);
        long timeoutMillis = instruction(request, ProcessingKey.TIMEOUT)
                .map(i -> i.getValue().getNumberValue()).filter(t -> t > 0).orElse(defaultTimeout.toMillis());
        query.dispatch(timer.schedule(query::finish, timeoutMillis, TimeUnit.MILLISECONDS));
    }

    private static Optional<ProcessingInstruction> instruction(QueryRequest request, ProcessingKey key) {
        return request.getProcessingInstructionsList().stream().filter(i -> i.getKey() == key).findFirst();
    }

    private QueryResponse noHandler(String requestId, String query) {
        return error(requestId, AxonErrors.NO_HANDLER_FOR_QUERY, "No handler for query: " + query);
    }

    private QueryResponse error(String requestId, AxonErrors code, String message) {
        return QueryResponse.newBuilder()
                            .setMessageIdentifier(UUID.randomUUID().toString())
                            .setRequestIdentifier(requestId)
                            .setErrorCode(code.code())
                            .setErrorMessage(code.asErrorMessage(message, location))
                            .build();
    }

    // ---- dispatcher side: subscription queries ----

    @Override
    public StreamObserver<SubscriptionQueryRequest> subscription(
            StreamObserver<SubscriptionQueryResponse> responseObserver) {
        return subscriptionQueries.open(responseObserver);
    }

    /** Count, rate and latency (dispatch to completion) per query name, as this server saw them. */
    public MessageStatistics statistics() {
        return statistics;
    }

    /** Query names with at least one subscribed handler, and the clients handling them. */
    public Map<String, Set<String>> subscriptions() {
        return handlers.clients();
    }

    /** Queries dispatched and not yet answered completely. */
    public int pendingQueries() {
        return pending.size();
    }

    /** Subscription queries currently open. */
    public int activeSubscriptions() {
        return subscriptionQueries.active();
    }
}
