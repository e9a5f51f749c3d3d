package io.axoncommerce.command.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStatus;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.order.PlaceOrderCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order and its status machine: PLACED → STOCK_RESERVED → CONFIRMED, or CANCELLED from PLACED or
 * STOCK_RESERVED. Repeating the command that led to the current status is a no-op (the saga retries sends); any
 * other move out of CONFIRMED or CANCELLED is an {@link IllegalOrderStateException}.
 * <p>
 * Placement needs the catalogue's prices, so {@link PlaceOrderCommand} is handled by {@link OrderPlacementHandler},
 * which prices the lines and then calls {@link #place}.
 */
// cache: the saga's commands of an order find it in memory (CommandSideAxonConfiguration.commandSideOrderCache)
@Aggregate(snapshotTriggerDefinition = "commandSideSnapshotTrigger", filterEventsByType = true,
        cache = "commandSideOrderCache")
@Revision("2") // 2: the request fingerprint; snapshots of revision 1 are passed over and the events sourced instead
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class Order {

    @AggregateIdentifier
    private String orderId;
    private String customerId;
    private Money total;
    private OrderStatus status;
    /** Of the request that placed the order with an idempotency key; {@code null} without one. */
    private String requestFingerprint;

    protected Order() {
        // Axon and Jackson (snapshots) build the aggregate empty, then source its events into it.
    }

    /**
     * Whether this order is already placed by this very request: a client's retry under the same idempotency key,
     * which places nothing new. Called on an Order the repository loaded or created for the command's id, before the
     * lines are priced; a non-null status means the id is taken, by another request if the fingerprints differ.
     */
    boolean placedBy(PlaceOrderCommand command) {
        if (status == null) {
            return false;
        }
        if (command.requestFingerprint() == null) {
            throw new OrderAlreadyExistsException(command.orderId());
        }
        if (!command.requestFingerprint().equals(requestFingerprint)) {
            throw new IdempotencyKeyReusedException();
        }
        return true;
    }

    void place(PlaceOrderCommand command, List<OrderLine> pricedLines) {
        if (status != null) {
            throw new OrderAlreadyExistsException(command.orderId());
        }
        Money orderTotal = pricedLines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
        apply(new OrderPlacedEvent(command.orderId(), command.customerId(), pricedLines, orderTotal,
                command.paymentToken(), command.requestFingerprint()));
    }

    @CommandHandler
    public void handle(MarkOrderStockReservedCommand command) {
        if (status == OrderStatus.STOCK_RESERVED) {
            return;
        }
        requireStatus(OrderStatus.PLACED, "mark stock reserved");
        apply(new OrderStockReservedEvent(orderId));
    }

    @CommandHandler
    public void handle(ConfirmOrderCommand command) {
        if (status == OrderStatus.CONFIRMED) {
            return;
        }
        requireStatus(OrderStatus.STOCK_RESERVED, "confirm");
        apply(new OrderConfirmedEvent(orderId));
    }

    /**
     * A customer (or the saga) can cancel until the order is confirmed, i.e. until payment succeeded. A customer only
     * their own order: checked first, so another customer learns nothing about the order's status either.
     */
    @CommandHandler
    public void handle(CancelOrderCommand command) {
        if (command.requestedBy() != null && !command.requestedBy().equals(customerId)) {
            throw new OrderNotOwnedException(orderId);
        }
        if (status == OrderStatus.CANCELLED) {
            return;
        }
        if (status == OrderStatus.CONFIRMED) {
            throw new IllegalOrderStateException(orderId, status, "cancel");
        }
        apply(new OrderCancelledEvent(orderId, command.reason()));
    }

    private void requireStatus(OrderStatus required, String action) {
        if (status != required) {
            throw new IllegalOrderStateException(orderId, status, action);
        }
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        customerId = event.customerId();
        total = event.total();
        requestFingerprint = event.requestFingerprint();
        status = OrderStatus.PLACED;
    }

    @EventSourcingHandler
    void on(OrderStockReservedEvent event) {
        status = OrderStatus.STOCK_RESERVED;
    }

    @EventSourcingHandler
    void on(OrderConfirmedEvent event) {
        status = OrderStatus.CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent event) {
        status = OrderStatus.CANCELLED;
    }

    // Equality of state, used by the snapshot round-trip test; aggregates are never put in hash-based collections.
    @Override
    public boolean equals(Object o) {
        return o instanceof Order other
                && Objects.equals(orderId, other.orderId) && Objects.equals(customerId, other.customerId)
                && Objects.equals(total, other.total) && status == other.status
                && Objects.equals(requestFingerprint, other.requestFingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, customerId, total, status);
    }

    @Override
    public String toString() {
        return "Order[" + orderId + ", " + status + ", total=" + total + "]";
    }
}
