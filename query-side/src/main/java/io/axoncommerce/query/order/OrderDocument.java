package io.axoncommerce.query.order;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderStatus;
import io.axoncommerce.api.query.OrderView;
import io.axoncommerce.api.query.OrderView.StatusChange;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One order in MongoDB. Two aggregates write it, each with its own sequence numbers: {@code version} is the sequence
 * number of the last order event applied, {@code paymentVersion} that of the last payment event applied (null while
 * none was; documents written before payments were projected have none either). Events at or below them are
 * duplicates or late deliveries and are ignored.
 */
@Document(OrderDocument.COLLECTION)
public record OrderDocument(@Id String orderId, String customerId, List<Line> lines, Money total,
                            OrderStatus status, CancellationReason cancellationReason, List<StatusChange> history,
                            Instant placedAt, long version, Long paymentVersion) {

    public static final String COLLECTION = "orders";

    static OrderDocument placed(String orderId, String customerId, List<OrderLine> lines, Money total, Instant at,
                                long sequence) {
        return new OrderDocument(orderId, customerId, lines.stream().map(Line::of).toList(), total, OrderStatus.PLACED,
                null, List.of(new StatusChange(OrderStatus.PLACED, at)), at, sequence, null);
    }

    OrderDocument withStatus(OrderStatus newStatus, CancellationReason reason, Instant at, long sequence) {
        List<StatusChange> changes = new ArrayList<>(history);
        changes.add(new StatusChange(newStatus, at));
        // The stock is reserved before a payment is requested: an order awaiting its payment keeps showing that, even
        // when its own STOCK_RESERVED event is stored after the payment's first failed attempt.
        OrderStatus status = newStatus == OrderStatus.STOCK_RESERVED && this.status == OrderStatus.AWAITING_PAYMENT
                ? OrderStatus.AWAITING_PAYMENT : newStatus;
        return new OrderDocument(orderId, customerId, lines, total, status, reason, changes, placedAt, sequence,
                paymentVersion);
    }

    boolean appliedPayment(long paymentSequence) {
        return paymentVersion != null && paymentVersion >= paymentSequence;
    }

    /** An order still open whose payment waits for the provider; null when there is nothing to change. */
    OrderDocument awaitingPayment(Instant at, long paymentSequence) {
        if (status != OrderStatus.PLACED && status != OrderStatus.STOCK_RESERVED) {
            return null;
        }
        List<StatusChange> changes = new ArrayList<>(history);
        changes.add(new StatusChange(OrderStatus.AWAITING_PAYMENT, at));
        return new OrderDocument(orderId, customerId, lines, total, OrderStatus.AWAITING_PAYMENT, cancellationReason,
                changes, placedAt, version, paymentSequence);
    }

    OrderView toView() {
        return new OrderView(orderId, customerId, lines.stream().map(Line::toOrderLine).toList(), total, status,
                cancellationReason, history, placedAt, version, paymentVersion == null ? -1 : paymentVersion);
    }

    /**
     * A line as stored. Documents written before {@code OrderPlacedEvent} revision 3 have no {@code lineTotal} until
     * the orders model is rebuilt; their view shows the total the upcast event records, so reads never fail on them.
     */
    public record Line(String productId, int quantity, Money unitPrice, Money lineTotal) {

        static Line of(OrderLine line) {
            return new Line(line.productId(), line.quantity(), line.unitPrice(), line.lineTotal());
        }

        OrderLine toOrderLine() {
            return lineTotal == null ? new OrderLine(productId, quantity, unitPrice)
                    : new OrderLine(productId, quantity, unitPrice, lineTotal);
        }
    }
}
