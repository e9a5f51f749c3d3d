package io.axoncommerce.api.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderStatus;

import java.time.Instant;
import java.util.List;

/**
 * An order as the read side knows it. {@code version} is the sequence number of the order's last event applied, so a
 * client can tell a newer view from an older one (e.g. on a live update stream).
 */
public record OrderView(String orderId, String customerId, List<OrderLine> lines, Money total, OrderStatus status,
                        CancellationReason cancellationReason, List<StatusChange> history, Instant placedAt,
                        long version) {

    public OrderView {
        lines = List.copyOf(lines);
        history = List.copyOf(history);
    }

    /** Whether no further status change will come. */
    @JsonIgnore
    public boolean isFinal() {
        return status == OrderStatus.CONFIRMED || status == OrderStatus.CANCELLED;
    }

    public record StatusChange(OrderStatus status, Instant at) {
    }
}
