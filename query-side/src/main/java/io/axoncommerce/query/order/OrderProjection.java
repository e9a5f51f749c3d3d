package io.axoncommerce.query.order;

import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStatus;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.ProviderOperation;
import io.axoncommerce.api.query.FindOrderQuery;
import io.axoncommerce.query.admin.ReplayRequest;
import io.axoncommerce.query.projection.MongoDocumentBuffer;
import io.axoncommerce.query.projection.MongoReadModel;
import io.axoncommerce.query.projection.ProcessingGroups;
import io.axoncommerce.query.projection.UnitOfWorkBuffers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/**
 * Orders read model: one MongoDB document per order with its lines, total, status, cancellation reason and status
 * history. Every change is checked against the document's {@code version} (the last applied sequence number of the
 * order) or {@code paymentVersion} (of its payment), so duplicates and older events change nothing. Writes go through
 * a per-batch {@link DocumentBuffer}; subscribers of {@link FindOrderQuery} get the new view of each order written.
 * <p>
 * The order's payment shows as {@code AWAITING_PAYMENT} when the provider was unavailable for its first charge attempt
 * ({@link PaymentAwaitingProviderEvent}); later unavailable attempts change nothing, and the order leaves the status
 * by its own confirmation or cancellation. The processor is sequenced by order id (see QuerySideAxonConfiguration):
 * the two aggregates' events of one order are applied one after the other, in the store's order, live and in a replay.
 */
@Component
@ProcessingGroup(ProcessingGroups.ORDERS)
public class OrderProjection {

    private final MongoReadModel<OrderDocument> orders;
    private final QueryUpdateEmitter updates;

    public OrderProjection(MongoReadModel<OrderDocument> orders, QueryUpdateEmitter updates) {
        this.orders = orders;
        this.updates = updates;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        buffer().update(event.orderId(), current -> current != null
                ? null
                : OrderDocument.placed(event.orderId(), event.customerId(), event.lines(), event.total(), at, sequence));
    }

    @EventHandler
    void on(OrderStockReservedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        changeStatus(event.orderId(), OrderStatus.STOCK_RESERVED, null, sequence, at);
    }

    @EventHandler
    void on(OrderConfirmedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        changeStatus(event.orderId(), OrderStatus.CONFIRMED, null, sequence, at);
    }

    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        changeStatus(event.orderId(), OrderStatus.CANCELLED, event.reason(), sequence, at);
    }

    @EventHandler
    void on(PaymentAwaitingProviderEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (event.operation() != ProviderOperation.CHARGE) {
            return;
        }
        buffer().update(event.orderId(), current -> current == null || current.appliedPayment(sequence)
                ? null
                : current.awaitingPayment(at, sequence));
    }

    /**
     * A full replay rebuilds into a new, empty collection while queries keep reading the live one (see
     * {@link MongoReadModel}); a replay from a point in time re-applies onto what is there.
     */
    @ResetHandler
    void onReset(Object resetContext) {
        if (ReplayRequest.isFull(resetContext)) {
            orders.startRebuild();
        }
    }

    private void changeStatus(String orderId, OrderStatus status, CancellationReason reason, long sequence, Instant at) {
        // no document: the order's earlier events were never applied here, a later replay will bring them in order
        buffer().update(orderId, current -> current == null || current.version() >= sequence
                ? null
                : current.withStatus(status, reason, at, sequence));
    }

    private Buffer buffer() {
        return UnitOfWorkBuffers.current(Buffer.class, Buffer::new);
    }

    private final class Buffer extends MongoDocumentBuffer<OrderDocument> {

        private Buffer() {
            super(orders);
        }

        @Override
        protected String documentIdOf(EventMessage<?> event) {
            return orderIdOf(event.getPayload());
        }

        @Override
        protected void afterWrite(Map<String, OrderDocument> written) {
            // emitted after the unit of work commits (the emitter defers to it)
            written.values().forEach(document -> updates.emit(FindOrderQuery.class,
                    query -> query.orderId().equals(document.orderId()), document.toView()));
        }
    }

    /** The order an event of this projection belongs to: the sequencing key of its processor. Null for other events. */
    public static String orderIdOf(Object payload) {
        return switch (payload) {
            case OrderPlacedEvent e -> e.orderId();
            case OrderStockReservedEvent e -> e.orderId();
            case OrderConfirmedEvent e -> e.orderId();
            case OrderCancelledEvent e -> e.orderId();
            case PaymentAwaitingProviderEvent e -> e.orderId();
            default -> null;
        };
    }
}
