package io.axoncommerce.query.order;

import io.axoncommerce.api.query.FindOrderQuery;
import io.axoncommerce.api.query.OrderView;
import io.axoncommerce.query.web.NotFoundException;
import io.axoncommerce.query.web.Queries;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns a {@link FindOrderQuery} subscription query into an SSE stream: event {@code order} with the initial view, then
 * one per newer view (by {@link OrderView#isNewerThan}, so a view the initial result already covered is not sent
 * again), completing after a final status. The subscription is cancelled whenever the stream ends.
 */
@Component
public class OrderUpdateStreams {

    private static final Logger log = LoggerFactory.getLogger(OrderUpdateStreams.class);

    private final Queries queries;
    private final Duration streamTimeout;
    private final Duration queryTimeout;

    public OrderUpdateStreams(Queries queries,
                              @Value("${query-side.order-updates.timeout:30m}") Duration streamTimeout,
                              @Value("${query-side.query.timeout:10s}") Duration queryTimeout) {
        this.queries = queries;
        this.streamTimeout = streamTimeout;
        this.queryTimeout = queryTimeout;
    }

    /**
     * @param authorize checks the caller may see this order (throws otherwise); run on the initial view, before
     *                  anything is sent
     */
    SseEmitter open(String orderId, Consumer<OrderView> authorize) {
        SubscriptionQueryResult<OrderView, OrderView> subscription = queries.gateway().subscriptionQuery(
                new FindOrderQuery(orderId), ResponseTypes.instanceOf(OrderView.class),
                ResponseTypes.instanceOf(OrderView.class));
        OrderView initial;
        try {
            initial = subscription.initialResult().block(queryTimeout);
        } catch (RuntimeException e) {
            subscription.cancel();
            throw new Queries.QueryFailedException(e.getMessage(), e);
        }
        if (initial == null) {
            subscription.cancel();
            throw new NotFoundException("Order " + orderId + " is unknown");
        }
        try {
            authorize.accept(initial);
        } catch (RuntimeException e) {
            subscription.cancel();
            throw e;
        }
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        AtomicReference<OrderView> lastSent = new AtomicReference<>();
        AtomicReference<Disposable> updates = new AtomicReference<>();
        Runnable close = () -> {
            Disposable disposable = updates.get();
            if (disposable != null) {
                disposable.dispose();
            }
            subscription.cancel();
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(error -> close.run());
        if (!send(emitter, initial, lastSent)) {
            return emitter;
        }
        if (initial.isFinal()) {
            emitter.complete();
            return emitter;
        }
        updates.set(subscription.updates()
                .filter(view -> isNew(view, lastSent))
                .takeUntil(OrderView::isFinal)
                .subscribe(view -> send(emitter, view, lastSent),
                        error -> {
                            log.debug("Update stream of order {} failed", orderId, error);
                            emitter.completeWithError(error);
                        },
                        emitter::complete));
        return emitter;
    }

    private static boolean isNew(OrderView view, AtomicReference<OrderView> lastSent) {
        OrderView last = lastSent.get();
        return last == null || view.isNewerThan(last);
    }

    private static boolean send(SseEmitter emitter, OrderView view, AtomicReference<OrderView> lastSent) {
        try {
            synchronized (emitter) {
                if (!isNew(view, lastSent)) {
                    return true;
                }
                String id = view.paymentVersion() < 0 ? Long.toString(view.version())
                        : view.version() + "." + view.paymentVersion();
                emitter.send(SseEmitter.event().name("order").id(id).data(view, MediaType.APPLICATION_JSON));
                lastSent.set(view);
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            // the client went away; onError/onCompletion cancel the subscription
            emitter.completeWithError(e);
            return false;
        }
    }
}
