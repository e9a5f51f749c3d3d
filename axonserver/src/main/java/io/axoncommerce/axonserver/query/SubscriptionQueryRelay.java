package io.axoncommerce.axonserver.query;

import io.axoncommerce.axonserver.grpc.OutboundStream;
import io.axoncommerce.axonserver.grpc.Permits;
import io.axoncommerce.axonserver.routing.HandlerStream;
import io.axoncommerce.axonserver.routing.QueryRouting;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.axoniq.axonserver.grpc.query.SubscriptionQuery;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryRequest;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Subscription queries: {@code subscribe} goes to every handler of the query (also to handlers that subscribe the
 * query later), {@code get_initial_result} to one of them; updates and completion are relayed within the
 * subscriber's permits. {@code unsubscribe} carries only the subscription id, so the query is remembered from the
 * {@code subscribe}.
 */
final class SubscriptionQueryRelay {

    private final Function<String, List<HandlerStream<QueryProviderInbound>>> handlersOf;
    private final Function<QueryRequest, QueryResponse> noHandler;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    /**
     * @param handlersOf the connected handlers of a query name
     * @param noHandler  the answer to an initial-result request nobody can handle
     */
    SubscriptionQueryRelay(Function<String, List<HandlerStream<QueryProviderInbound>>> handlersOf,
                           Function<QueryRequest, QueryResponse> noHandler) {
        this.handlersOf = handlersOf;
        this.noHandler = noHandler;
    }

    /** One subscriber's {@code Subscription} call. */
    StreamObserver<SubscriptionQueryRequest> open(StreamObserver<SubscriptionQueryResponse> responseObserver) {
        OutboundStream<SubscriptionQueryResponse> subscriber = new OutboundStream<>(responseObserver);
        Set<String> opened = ConcurrentHashMap.newKeySet();
        subscriber.onCancel(() -> opened.forEach(this::unsubscribe));
        return new StreamObserver<>() {
            @Override
            public void onNext(SubscriptionQueryRequest request) {
                try {
                    switch (request.getRequestCase()) {
                        case SUBSCRIBE -> {
                            SubscriptionQuery query = request.getSubscribe();
                            subscriber.grant(Permits.validate(query.getNumberOfPermits()));
                            Subscription subscription = new Subscription(query, subscriber);
                            if (subscriptions.putIfAbsent(query.getSubscriptionIdentifier(), subscription) == null) {
                                opened.add(query.getSubscriptionIdentifier());
                                handlersOf.apply(query.getQueryRequest().getQuery())
                                          .forEach(subscription::addHandler);
                            }
                        }
                        case GET_INITIAL_RESULT -> initialResult(request.getGetInitialResult(), subscriber);
                        case FLOW_CONTROL -> subscriber.grant(
                                Permits.validate(request.getFlowControl().getNumberOfPermits()));
                        case UNSUBSCRIBE -> {
                            // the client sends only the subscription id here: the query comes from the subscribe
                            String id = request.getUnsubscribe().getSubscriptionIdentifier();
                            opened.remove(id);
                            unsubscribe(id);
                        }
                        default -> throw Status.INVALID_ARGUMENT
                                .withDescription("Empty subscription query request").asRuntimeException();
                    }
                } catch (StatusRuntimeException e) {
                    opened.forEach(SubscriptionQueryRelay.this::unsubscribe);
                    subscriber.fail(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                opened.forEach(SubscriptionQueryRelay.this::unsubscribe);
            }

            @Override
            public void onCompleted() {
                opened.forEach(SubscriptionQueryRelay.this::unsubscribe);
                subscriber.complete();
            }
        };
    }

    /** A handler that arrives late still serves the subscription queries already open for its query. */
    void handlerSubscribed(HandlerStream<QueryProviderInbound> handler, String query) {
        subscriptions.values().stream()
                     .filter(s -> s.query.getQueryRequest().getQuery().equals(query))
                     .forEach(s -> s.addHandler(handler));
    }

    void disconnected(HandlerStream<QueryProviderInbound> handler) {
        subscriptions.values().forEach(s -> s.handlers.remove(handler));
    }

    /** Subscription queries currently open. */
    int active() {
        return subscriptions.size();
    }

    /** A handler's initial result, update or completion, on its way to the subscriber. */
    void relay(HandlerStream<QueryProviderInbound> from, SubscriptionQueryResponse response) {
        Subscription subscription = subscriptions.get(response.getSubscriptionIdentifier());
        if (subscription == null) {
            return; // unsubscribed meanwhile
        }
        switch (response.getResponseCase()) {
            case INITIAL_RESULT -> subscription.subscriber.send(response);
            case COMPLETE, COMPLETE_EXCEPTIONALLY -> {
                subscriptions.remove(response.getSubscriptionIdentifier(), subscription);
                subscription.handlers.remove(from);
                subscription.subscriber.sendWithPermit(response);
            }
            default -> subscription.subscriber.sendWithPermit(response);
        }
    }

    private void initialResult(SubscriptionQuery query, OutboundStream<SubscriptionQueryResponse> subscriber) {
        List<HandlerStream<QueryProviderInbound>> targets = handlersOf.apply(query.getQueryRequest().getQuery());
        if (targets.isEmpty()) {
            subscriber.send(SubscriptionQueryResponse.newBuilder()
                                                     .setSubscriptionIdentifier(query.getSubscriptionIdentifier())
                                                     .setMessageIdentifier(UUID.randomUUID().toString())
                                                     .setInitialResult(noHandler.apply(query.getQueryRequest()))
                                                     .build());
            return;
        }
        QueryRouting.any(targets).outbound().sendWithPermit(QueryProviderInbound.newBuilder()
                .setSubscriptionQueryRequest(SubscriptionQueryRequest.newBuilder().setGetInitialResult(query))
                .build());
    }

    private void unsubscribe(String subscriptionId) {
        Subscription subscription = subscriptions.remove(subscriptionId);
        if (subscription != null) {
            QueryProviderInbound unsubscribe = QueryProviderInbound.newBuilder().setSubscriptionQueryRequest(
                    SubscriptionQueryRequest.newBuilder().setUnsubscribe(subscription.query)).build();
            subscription.handlers.forEach(h -> h.outbound().send(unsubscribe));
        }
    }

    private static final class Subscription {

        private final SubscriptionQuery query;
        private final OutboundStream<SubscriptionQueryResponse> subscriber;
        private final Set<HandlerStream<QueryProviderInbound>> handlers = ConcurrentHashMap.newKeySet();

        private Subscription(SubscriptionQuery query, OutboundStream<SubscriptionQueryResponse> subscriber) {
            this.query = query;
            this.subscriber = subscriber;
        }

        void addHandler(HandlerStream<QueryProviderInbound> handler) {
            if (handlers.add(handler)) {
                handler.outbound().send(QueryProviderInbound.newBuilder().setSubscriptionQueryRequest(
                        SubscriptionQueryRequest.newBuilder().setSubscribe(query)).build());
            }
        }
    }
}
