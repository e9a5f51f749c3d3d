package io.axoncommerce.query.inventory;

import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
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
import org.springframework.stereotype.Component;

/**
 * Inventory read model: available and reserved stock per product. {@code available} is taken from the events (the
 * aggregate's own figure); {@code reserved} is the sum of open reservations, which is safe to count because every
 * event is applied at most once per document (sequence check).
 */
@Component
@ProcessingGroup(ProcessingGroups.INVENTORY)
public class InventoryProjection {

    private final MongoReadModel<InventoryDocument> inventory;

    public InventoryProjection(MongoReadModel<InventoryDocument> inventory) {
        this.inventory = inventory;
    }

    @EventHandler
    void on(StockAddedEvent event, @SequenceNumber long sequence) {
        apply(event.productId(), sequence, event.available(), 0);
    }

    @EventHandler
    void on(StockReservedEvent event, @SequenceNumber long sequence) {
        apply(event.productId(), sequence, event.available(), event.quantity());
    }

    @EventHandler
    void on(StockReservationRejectedEvent event, @SequenceNumber long sequence) {
        apply(event.productId(), sequence, event.available(), 0);
    }

    @EventHandler
    void on(StockReleasedEvent event, @SequenceNumber long sequence) {
        apply(event.productId(), sequence, event.available(), -event.quantity());
    }

    @EventHandler
    void on(StockCommittedEvent event, @SequenceNumber long sequence) {
        apply(event.productId(), sequence, null, -event.quantity());
    }

    /**
     * A full replay rebuilds into a new, empty collection while queries keep reading the live one (see
     * {@link MongoReadModel}); a replay from a point in time re-applies onto what is there.
     */
    @ResetHandler
    void onReset(Object resetContext) {
        if (ReplayRequest.isFull(resetContext)) {
            inventory.startRebuild();
        }
    }

    private void apply(String productId, long sequence, Integer available, int reservedChange) {
        buffer().update(productId, current -> {
            if (current != null && current.version() >= sequence) {
                return null;
            }
            int newAvailable = available != null ? available : current == null ? 0 : current.available();
            int reserved = Math.max(0, (current == null ? 0 : current.reserved()) + reservedChange);
            return new InventoryDocument(productId, newAvailable, reserved, sequence);
        });
    }

    private Buffer buffer() {
        return UnitOfWorkBuffers.current(Buffer.class, Buffer::new);
    }

    static String productIdOf(Object payload) {
        return switch (payload) {
            case StockAddedEvent e -> e.productId();
            case StockReservedEvent e -> e.productId();
            case StockReservationRejectedEvent e -> e.productId();
            case StockReleasedEvent e -> e.productId();
            case StockCommittedEvent e -> e.productId();
            default -> null;
        };
    }

    private final class Buffer extends MongoDocumentBuffer<InventoryDocument> {

        private Buffer() {
            super(inventory);
        }

        @Override
        protected String documentIdOf(EventMessage<?> event) {
            return productIdOf(event.getPayload());
        }
    }
}
