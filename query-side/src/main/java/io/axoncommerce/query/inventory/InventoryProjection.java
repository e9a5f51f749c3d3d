package io.axoncommerce.query.inventory;

import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.query.admin.ReplayRequest;
import io.axoncommerce.query.config.QueryDatabase;
import io.axoncommerce.query.projection.DocumentBuffer;
import io.axoncommerce.query.projection.ProcessingGroups;
import io.axoncommerce.query.projection.UnitOfWorkBuffers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Inventory read model: available and reserved stock per product. {@code available} is taken from the events (the
 * aggregate's own figure); {@code reserved} is the sum of open reservations, which is safe to count because every
 * event is applied at most once per document (sequence check).
 */
@Component
@ProcessingGroup(ProcessingGroups.INVENTORY)
public class InventoryProjection {

    private final MongoTemplate mongo;

    public InventoryProjection(QueryDatabase database) {
        this.mongo = database.template();
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

    /** A full replay starts from an empty collection; a replay from a point in time re-applies onto what is there. */
    @ResetHandler
    void onReset(Object resetContext) {
        if (ReplayRequest.isFull(resetContext)) {
            mongo.remove(new Query(), InventoryDocument.class);
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

    private final class Buffer extends DocumentBuffer<InventoryDocument> {

        @Override
        protected Map<String, InventoryDocument> load(Collection<String> ids) {
            return mongo.find(query(where("_id").in(ids)), InventoryDocument.class).stream()
                    .collect(Collectors.toMap(InventoryDocument::productId, Function.identity()));
        }

        @Override
        protected void write(Map<String, InventoryDocument> changed) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, InventoryDocument.class);
            changed.forEach((id, document) ->
                    bulk.replaceOne(query(where("_id").is(id)), document, FindAndReplaceOptions.options().upsert()));
            bulk.execute();
        }

        @Override
        protected String documentIdOf(EventMessage<?> event) {
            return productIdOf(event.getPayload());
        }
    }
}
