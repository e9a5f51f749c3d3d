package io.axoncommerce.command.inventory;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.axoncommerce.api.inventory.AddStockCommand;
import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.InventoryId;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.command.product.ProductCatalog;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Stock of one product. {@code available} counts units neither reserved nor sold; a reservation moves units out of
 * it, a release moves them back, a commit makes the reservation final. Every stock command may arrive for a product
 * that never had stock (CREATE_IF_MISSING): reserving then is a rejection with nothing available, releasing or
 * committing a no-op.
 * <p>
 * The order saga retries failed sends, so every command is idempotent per order: a second reservation for the same
 * order, or a release/commit of a reservation that is already settled or never existed, changes nothing.
 * <p>
 * The Inventory is the consistency boundary of a product's stock, and its commands are serialized on purpose: a
 * reservation must see every reservation before it, or two orders could both take the last units ({@code available}
 * must never go negative). Within an instance Axon's aggregate lock does that, across instances the event store's
 * sequence check. What the lock covers is kept short: the aggregate comes from a cache
 * ({@code commandSideInventoryCache}, checked against the store's latest version) instead of being sourced from the
 * event store under the lock, so a hot product's reservations queue only for that check, the decision and the
 * append of its event.
 */
@Aggregate(snapshotTriggerDefinition = "commandSideSnapshotTrigger", filterEventsByType = true,
        cache = "commandSideInventoryCache")
@Revision("1")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class Inventory {

    @AggregateIdentifier
    private String inventoryId;
    private String productId;
    private int available;
    /** Open reservations: order id to reserved quantity. */
    private Map<String, Integer> reservations = new HashMap<>();
    /**
     * Orders whose reservation was released or committed. Remembered so that a late retry of a reservation for an
     * order that is already settled does not take stock again. Grows with the orders of this product; snapshots keep
     * loading cheap.
     */
    private Set<String> settledOrders = new HashSet<>();

    protected Inventory() {
        // Axon and Jackson (snapshots) build the aggregate empty, then source its events into it.
    }

    /**
     * The catalogue is asked first so that stock is never added to an unknown or discontinued product: a read of the
     * Product's committed state, without its lock (see {@link ProductCatalog}).
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(AddStockCommand command, ProductCatalog catalog) {
        catalog.requireStockable(command.productId());
        int newAvailable;
        try {
            newAvailable = Math.addExact(available, command.quantity());
        } catch (ArithmeticException e) {
            throw new StockLimitExceededException(command.productId(), available, command.quantity());
        }
        apply(new StockAddedEvent(command.productId(), command.quantity(), newAvailable));
        return newAvailable;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReserveStockCommand command) {
        String orderId = command.orderId();
        if (reservations.containsKey(orderId) || settledOrders.contains(orderId)) {
            return;
        }
        if (command.quantity() > available) {
            apply(new StockReservationRejectedEvent(command.productId(), orderId, command.quantity(), available));
            return;
        }
        apply(new StockReservedEvent(command.productId(), orderId, command.quantity(),
                available - command.quantity()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReleaseStockCommand command) {
        Integer quantity = reservations.get(command.orderId());
        if (quantity == null) {
            return;
        }
        apply(new StockReleasedEvent(command.productId(), command.orderId(), quantity, available + quantity));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CommitStockCommand command) {
        Integer quantity = reservations.get(command.orderId());
        if (quantity == null) {
            return;
        }
        apply(new StockCommittedEvent(command.productId(), command.orderId(), quantity));
    }

    @EventSourcingHandler
    void on(StockAddedEvent event) {
        identify(event.productId());
        available = event.available();
    }

    @EventSourcingHandler
    void on(StockReservedEvent event) {
        identify(event.productId());
        reservations.put(event.orderId(), event.quantity());
        available = event.available();
    }

    /** A rejection may be the first event of a product that never had stock; it changes no stock. */
    @EventSourcingHandler
    void on(StockReservationRejectedEvent event) {
        identify(event.productId());
    }

    @EventSourcingHandler
    void on(StockReleasedEvent event) {
        reservations.remove(event.orderId());
        settledOrders.add(event.orderId());
        available = event.available();
    }

    @EventSourcingHandler
    void on(StockCommittedEvent event) {
        reservations.remove(event.orderId());
        settledOrders.add(event.orderId());
    }

    private void identify(String eventProductId) {
        if (inventoryId == null) {
            productId = eventProductId;
            inventoryId = InventoryId.of(eventProductId);
        }
    }

    // Equality of state, used by the snapshot round-trip test; aggregates are never put in hash-based collections.
    @Override
    public boolean equals(Object o) {
        return o instanceof Inventory other
                && Objects.equals(inventoryId, other.inventoryId) && Objects.equals(productId, other.productId)
                && available == other.available && Objects.equals(reservations, other.reservations)
                && Objects.equals(settledOrders, other.settledOrders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inventoryId, productId, available, reservations, settledOrders);
    }

    @Override
    public String toString() {
        return "Inventory[" + productId + ", available=" + available + ", reservations=" + reservations + "]";
    }
}
