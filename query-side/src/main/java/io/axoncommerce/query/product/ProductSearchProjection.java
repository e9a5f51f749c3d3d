package io.axoncommerce.query.product;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDetailsUpdatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.query.admin.ReplayRequest;
import io.axoncommerce.query.projection.DocumentBuffer;
import io.axoncommerce.query.projection.ProcessingGroups;
import io.axoncommerce.query.projection.UnitOfWorkBuffers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Product search read model in Elasticsearch: catalogue data from the Product aggregate's events, availability from
 * the product's Inventory aggregate's events. The document keeps the last applied sequence number of each aggregate,
 * so duplicates and older events of either change nothing. The processor is sequenced per product id (see
 * QuerySideAxonConfiguration) because both aggregates write the same document.
 */
@Component
@ProcessingGroup(ProcessingGroups.PRODUCT_SEARCH)
public class ProductSearchProjection {

    private final ElasticsearchClient client;
    private final ProductIndex index;

    public ProductSearchProjection(ElasticsearchClient client, ProductIndex index) {
        this.client = client;
        this.index = index;
    }

    @EventHandler
    void on(ProductCreatedEvent event, @SequenceNumber long sequence) {
        product(event.productId(), sequence, d -> d.withDetails(event.name(), event.description(), event.category(),
                sequence).withPrice(event.price(), sequence));
    }

    @EventHandler
    void on(ProductDetailsUpdatedEvent event, @SequenceNumber long sequence) {
        product(event.productId(), sequence,
                d -> d.withDetails(event.name(), event.description(), event.category(), sequence));
    }

    @EventHandler
    void on(ProductPriceChangedEvent event, @SequenceNumber long sequence) {
        product(event.productId(), sequence, d -> d.withPrice(event.newPrice(), sequence));
    }

    @EventHandler
    void on(ProductDiscontinuedEvent event, @SequenceNumber long sequence) {
        product(event.productId(), sequence, d -> d.discontinued(sequence));
    }

    @EventHandler
    void on(StockAddedEvent event, @SequenceNumber long sequence) {
        stock(event.productId(), sequence, event.available());
    }

    @EventHandler
    void on(StockReservedEvent event, @SequenceNumber long sequence) {
        stock(event.productId(), sequence, event.available());
    }

    @EventHandler
    void on(StockReservationRejectedEvent event, @SequenceNumber long sequence) {
        stock(event.productId(), sequence, event.available());
    }

    @EventHandler
    void on(StockReleasedEvent event, @SequenceNumber long sequence) {
        stock(event.productId(), sequence, event.available());
    }

    @EventHandler
    void on(StockCommittedEvent event, @SequenceNumber long sequence) {
        // committing a reservation leaves the available figure as it was; only the version moves
        buffer().update(event.productId(), current -> current != null && current.inventoryVersion() >= sequence
                ? null
                : (current == null ? ProductSearchDocument.empty(event.productId()) : current)
                        .withAvailable(current == null ? 0 : current.available(), sequence));
    }

    /**
     * A full replay rebuilds into a new index while searches keep reading the old one (see {@link ProductIndex});
     * a replay from a point in time re-applies onto the live index.
     */
    @ResetHandler
    void onReset(Object resetContext) {
        if (ReplayRequest.isFull(resetContext)) {
            index.startRebuild();
        }
    }

    /** The product a search-relevant event is about; the processor's sequencing key. */
    public static String productIdOf(Object payload) {
        return switch (payload) {
            case ProductCreatedEvent e -> e.productId();
            case ProductDetailsUpdatedEvent e -> e.productId();
            case ProductPriceChangedEvent e -> e.productId();
            case ProductDiscontinuedEvent e -> e.productId();
            case StockAddedEvent e -> e.productId();
            case StockReservedEvent e -> e.productId();
            case StockReservationRejectedEvent e -> e.productId();
            case StockReleasedEvent e -> e.productId();
            case StockCommittedEvent e -> e.productId();
            case null, default -> null;
        };
    }

    private void product(String productId, long sequence, UnaryOperator<ProductSearchDocument> change) {
        buffer().update(productId, current -> current != null && current.productVersion() >= sequence
                ? null
                : change.apply(current == null ? ProductSearchDocument.empty(productId) : current));
    }

    private void stock(String productId, long sequence, int available) {
        buffer().update(productId, current -> current != null && current.inventoryVersion() >= sequence
                ? null
                : (current == null ? ProductSearchDocument.empty(productId) : current).withAvailable(available, sequence));
    }

    private Buffer buffer() {
        return UnitOfWorkBuffers.current(Buffer.class, () -> new Buffer(index.writeIndex()));
    }

    private final class Buffer extends DocumentBuffer<ProductSearchDocument> {

        private final String target;

        private Buffer(String target) {
            this.target = target;
        }

        @Override
        protected Map<String, ProductSearchDocument> load(Collection<String> ids) {
            try {
                Map<String, ProductSearchDocument> found = new HashMap<>();
                var response = client.mget(m -> m.index(target).ids(List.copyOf(ids)), ProductSearchDocument.class);
                for (var item : response.docs()) {
                    if (item.isResult() && item.result().found()) {
                        found.put(item.result().id(), item.result().source());
                    } else if (item.isFailure()) {
                        // a shard that cannot answer (a node restarting, shards recovering) is no fault of the event:
                        // the batch is retried, not dead-lettered (ProjectionDeadLetterPolicy)
                        throw new DataAccessResourceFailureException("Reading product " + item.failure().id()
                                + " from " + target + " failed: " + item.failure().error().reason());
                    }
                }
                return found;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected void write(Map<String, ProductSearchDocument> changed) {
            try {
                BulkResponse response = client.bulk(b -> {
                    changed.forEach((id, document) ->
                            b.operations(op -> op.index(i -> i.index(target).id(id).document(document))));
                    return b;
                });
                if (response.errors()) {
                    String failures = response.items().stream().filter(item -> item.error() != null)
                            .map(BulkResponseItem::id).limit(10).toList().toString();
                    String message = "Bulk write to " + target + " failed for products " + failures + ": "
                            + response.items().stream().filter(i -> i.error() != null).findFirst()
                            .map(i -> i.error().reason()).orElse("");
                    // 429 and 5xx: the node is busy or its shards are unavailable (e.g. recovering after a
                    // restart); the batch is retried. Anything else is the document's fault and is dead-lettered.
                    if (response.items().stream().anyMatch(i -> i.error() != null
                            && (i.status() == 429 || i.status() >= 500))) {
                        throw new DataAccessResourceFailureException(message);
                    }
                    throw new IllegalStateException(message);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected String documentIdOf(EventMessage<?> event) {
            return productIdOf(event.getPayload());
        }
    }
}
