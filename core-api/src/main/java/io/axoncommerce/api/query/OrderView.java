package io.axoncommerce.api.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderStatus;

import java.time.Instant;
import java.util.List;

/**
 * An order as the read side knows it. {@code version} is the sequence number of the order's last event applied and
 * {@code paymentVersion} that of its payment's last event applied (-1 if none was), so a client can tell a newer view
 * from an older one (e.g. on a live update stream): a newer view has a higher {@code version}, or the same one and a
 * higher {@code paymentVersion}.
 */
public record OrderView(String orderId, String customerId, List<OrderLine> lines, Money total, OrderStatus status,
                        CancellationReason cancellationReason, List<StatusChange> history, Instant placedAt,
                        long version, long paymentVersion) {

    public OrderView {
        lines = List.copyOf(lines);
        history = List.copyOf(history);
    }

    /** Whether this view comes after {@code other} of the same order. */
    public boolean isNewerThan(OrderView other) {
        return version > other.version || version == other.version && paymentVersion > other.paymentVersion;
    }

    /** Whether no further status change will come. */
    @JsonIgnore
    public boolean isFinal() {
        return status == OrderStatus.CONFIRMED || status == OrderStatus.CANCELLED;
    }

    public record StatusChange(OrderStatus status, Instant at) {
    }
}
