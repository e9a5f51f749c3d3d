package io.axoncommerce.command;

import io.axoncommerce.command.product.ProductCatalog;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

import java.util.HashMap;
import java.util.Map;

/**
 * The real catalogue over an in-memory event store, for fixture tests of the aggregates that consult the
 * catalogue (Inventory, order placement). Products exist by appending their events, as they would in production.
 */
public final class InMemoryProducts {

    private final EmbeddedEventStore eventStore =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final Map<String, Long> sequences = new HashMap<>();
    private final ProductCatalog catalog = new ProductCatalog(eventStore);

    public InMemoryProducts given(String productId, Object... events) {
        for (Object event : events) {
            long sequence = sequences.merge(productId, 0L, (old, ignored) -> old + 1);
            eventStore.publish(new GenericDomainEventMessage<>("Product", productId, sequence, event));
        }
        return this;
    }

    public ProductCatalog catalog() {
        return catalog;
    }
}
