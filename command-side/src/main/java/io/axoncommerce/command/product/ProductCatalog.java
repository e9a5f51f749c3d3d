package io.axoncommerce.command.product;

import io.axoncommerce.api.common.Money;
import org.axonframework.common.lock.NullLockFactory;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Read-only access to Product aggregates for command handlers of other aggregates (order placement, stock): the
 * Product is sourced from the event store on every call, without its lock and without a cache, and the Product
 * itself decides whether it may be ordered or stocked.
 * <p>
 * What a placement needs of the catalogue is a read of committed state, and nothing more:
 * <ul>
 *     <li>Sourced from the event store, never cached: a price change or a discontinuation committed before the read
 *     (by this instance or by any other) is seen, so an order placed after such a change was answered is priced at
 *     the new price or refused. A cache could not promise that across command-side instances: product commands are
 *     routed to one instance, placements to any, and the event store's version check protects only appends, which
 *     a read never makes.</li>
 *     <li>No lock: the placement writes only its Order, never the Product, so there is no write to order against a
 *     concurrent price change or discontinuation. An order whose read came before such a change committed is
 *     ordered before it, which is what a customer who sent both at once can expect; the Product's lock (until the
 *     placement's unit of work ended, across the Order's append) serialized every order of one product without
 *     adding anything to that, and it was local to one JVM anyway.</li>
 * </ul>
 * The Product's own commands still go through its locking repository (Spring's, from {@code @Aggregate}).
 */
@Component("commandSideProductCatalog")
public class ProductCatalog {

    private final Repository<Product> committedProducts;

    public ProductCatalog(EventStore eventStore) {
        // the same event store and type filter as the Product's own repository (filterEventsByType on @Aggregate:
        // ids are chosen by clients), but no lock and no snapshot trigger: this repository only ever reads
        this.committedProducts = EventSourcingRepository.builder(Product.class)
                .eventStore(eventStore)
                .lockFactory(NullLockFactory.INSTANCE)
                .filterByAggregateType()
                .build();
    }

    /** The current unit price; throws {@link ProductDiscontinuedException} or {@link ProductNotFoundException}. */
    public Money priceForOrder(String productId) {
        return load(productId).invoke(Product::priceForOrder);
    }

    /** Throws {@link ProductDiscontinuedException} or {@link ProductNotFoundException}. */
    public void requireStockable(String productId) {
        load(productId).invoke(product -> {
            product.requireStockable();
            return null;
        });
    }

    private Aggregate<Product> load(String productId) {
        try {
            return committedProducts.load(productId);
        } catch (AggregateNotFoundException e) {
            throw new ProductNotFoundException(productId, e);
        }
    }
}
