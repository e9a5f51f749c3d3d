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
 * One order in MongoDB. {@code version} is the sequence number of the last order event applied: events at or below
 * it are duplicates or late deliveries and are ignored.
 */
@Document(OrderDocument.COLLECTION)
public record OrderDocument(@Id String orderId, String customerId, List<OrderLine> lines, Money total,
                            OrderStatus status, CancellationReason cancellationReason, List<StatusChange> history,
                            Instant placedAt, long version) {

    public static final String COLLECTION = "orders";

    static OrderDocument placed(String orderId, String customerId, List<OrderLine> lines, Money total, Instant at,
                                long sequence) {
        return new OrderDocument(orderId, customerId, List.copyOf(lines), total, OrderStatus.PLACED, null,
                List.of(new StatusChange(OrderStatus.PLACED, at)), at, sequence);
    }

    OrderDocument withStatus(OrderStatus newStatus, CancellationReason reason, Instant at, long sequence) {
        List<StatusChange> changes = new ArrayList<>(history);
        changes.add(new StatusChange(newStatus, at));
        return new OrderDocument(orderId, customerId, lines, total, newStatus, reason, changes, placedAt, sequence);
    }

    OrderView toView() {
        return new OrderView(orderId, customerId, lines, total, status, cancellationReason, history, placedAt, version);
    }
}
