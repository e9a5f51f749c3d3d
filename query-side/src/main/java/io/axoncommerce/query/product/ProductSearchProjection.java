package io.axoncommerce.query.product;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.elasticsearch.core.mget.MultiGetOperation;
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
import java.util.ArrayList;
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
        return UnitOfWorkBuffers.current(Buffer.class, () -> new Buffer(index.writeTarget()));
    }

    /** Where a copy of a document is stored: its routing, and its sequence number and primary term there. */
    private record Stored(String routing, long seqNo, long primaryTerm) {
    }

    /**
     * Reads and writes documents under their routing (the category). A product whose category changes moves to
     * another routing, maybe another shard: it is indexed under the new routing and deleted under the old one in the
     * same bulk request. That delete is conditional on the old copy's sequence number, so where both routings fall on
     * the same shard (the new write replaced the old copy there) it fails as a version conflict and deletes nothing.
     */
    private final class Buffer extends DocumentBuffer<ProductSearchDocument> {

        private final ProductIndex.WriteTarget target;
        /** Each loaded product's copies in the index; more than one only after a move that failed half-way. */
        private final Map<String, List<Stored>> stored = new HashMap<>();

        private Buffer(ProductIndex.WriteTarget target) {
            this.target = target;
        }

        @Override
        protected Map<String, ProductSearchDocument> load(Collection<String> ids) {
            try {
                Map<String, ProductSearchDocument> found = new HashMap<>();
                List<String> unlocated = new ArrayList<>();
                List<String> located = ids.stream().filter(id -> target.routingOf(id) != null).toList();
                if (!located.isEmpty()) {
                    var response = client.mget(m -> m.index(target.index()).docs(located.stream()
                            .map(id -> MultiGetOperation.of(o -> o.id(id).routing(target.routingOf(id)))).toList()),
                            ProductSearchDocument.class);
                    for (var item : response.docs()) {
                        if (item.isFailure()) {
                            // a shard that cannot answer (a node restarting, shards recovering) is no fault of the
                            // event: the batch is retried, not dead-lettered (ProjectionDeadLetterPolicy)
                            throw new DataAccessResourceFailureException("Reading product " + item.failure().id()
                                    + " from " + target.index() + " failed: " + item.failure().error().reason());
                        }
                        var result = item.result();
                        if (result.found()) {
                            found.put(result.id(), result.source());
                            stored.put(result.id(), List.of(new Stored(result.routing(), result.seqNo(),
                                    result.primaryTerm())));
                        } else {
                            // not where this instance last saw it: written by someone else since, so look everywhere
                            unlocated.add(result.id());
                        }
                    }
                }
                if (!target.knowsAllProducts()) {
                    ids.stream().filter(id -> target.routingOf(id) == null).forEach(unlocated::add);
                }
                if (!unlocated.isEmpty()) {
                    found.putAll(searchEveryShard(unlocated));
                }
                return found;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Finds products whose routing is unknown here (after a restart, or a write that failed) on every shard. A
         * search sees only refreshed writes, hence the refresh; it is needed once per product and instance.
         */
        private Map<String, ProductSearchDocument> searchEveryShard(List<String> ids) throws IOException {
            client.indices().refresh(r -> r.index(target.index()));
            var response = client.search(s -> s.index(target.index())
                    .query(q -> q.ids(i -> i.values(ids)))
                    .size(2 * ids.size())
                    .seqNoPrimaryTerm(true), ProductSearchDocument.class);
            Map<String, ProductSearchDocument> found = new HashMap<>();
            for (var hit : response.hits().hits()) {
                String id = hit.id();
                stored.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new Stored(hit.routing(), hit.seqNo(), hit.primaryTerm()));
                ProductSearchDocument known = found.get(id);
                if (known == null || hit.source().isNewerThan(known)) {
                    found.put(id, hit.source());
                }
                if (known != null) {
                    // a move that failed half-way left two copies: the next write keeps the newer one only
                    rewrite(id);
                }
            }
            return found;
        }

        @Override
        protected void write(Map<String, ProductSearchDocument> changed) {
            try {
                BulkResponse response = client.bulk(b -> {
                    changed.forEach((id, document) -> {
                        String routing = document.routing();
                        b.operations(op -> op.index(i -> i.index(target.index()).id(id).routing(routing)
                                .document(document)));
                        for (Stored old : stored.getOrDefault(id, List.of())) {
                            if (!old.routing().equals(routing)) {
                                b.operations(op -> op.delete(d -> d.index(target.index()).id(id)
                                        .routing(old.routing()).ifSeqNo(old.seqNo())
                                        .ifPrimaryTerm(old.primaryTerm())));
                            }
                        }
                    });
                    return b;
                });
                List<BulkResponseItem> failed = response.items().stream().filter(item -> item.error() != null
                        && !(item.operationType() == OperationType.Delete && item.status() == 409)).toList();
                if (!failed.isEmpty()) {
                    String message = "Bulk write to " + target.index() + " failed for products "
                            + failed.stream().map(BulkResponseItem::id).limit(10).toList() + ": "
                            + failed.getFirst().error().reason();
                    // 429 and 5xx: the node is busy or its shards are unavailable (e.g. recovering after a
                    // restart); the batch is retried. Anything else is the document's fault and is dead-lettered.
                    if (failed.stream().anyMatch(item -> item.status() == 429 || item.status() >= 500)) {
                        throw new DataAccessResourceFailureException(message);
                    }
                    throw new IllegalStateException(message);
                }
                for (BulkResponseItem item : response.items()) {
                    if (item.operationType() == OperationType.Index) {
                        String routing = changed.get(item.id()).routing();
                        stored.put(item.id(), List.of(new Stored(routing, item.seqNo(), item.primaryTerm())));
                        target.seen(item.id(), routing);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // some of the bulk may have been applied: where those products are now is unknown here
                target.forget(changed.keySet());
                changed.keySet().forEach(stored::remove);
                if (e instanceof IOException io) {
                    throw new UncheckedIOException(io);
                }
                throw (RuntimeException) e;
            }
        }

        @Override
        protected String documentIdOf(EventMessage<?> event) {
            return productIdOf(event.getPayload());
        }
    }
}
