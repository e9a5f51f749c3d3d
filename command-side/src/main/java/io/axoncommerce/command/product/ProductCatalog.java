package io.axoncommerce.command.product;

import io.axoncommerce.api.common.Money;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Read-only access to Product aggregates for command handlers of other aggregates (order placement, stock), through
 * Axon's Repository: the Product is sourced from the event store, so the answer reflects every committed change,
 * and the Product itself decides whether it may be ordered or stocked.
 * <p>
 * Loading takes the Product's lock until the caller's unit of work ends, so a price change cannot interleave with an
 * order that is being priced.
 */
@Component("commandSideProductCatalog")
public class ProductCatalog {

    private final Repository<Product> products;

    public ProductCatalog(Repository<Product> products) {
        this.products = products;
    }

    /** The current unit price; throws {@link ProductDiscontinuedException} or {@link ProductNotFoundException}. */
    public Money priceForOrder(String productId) {
        return load(productId).invoke(Product::priceForOrder);
    }

    /** Throws {@link ProductDiscontinuedException} or {@link ProductNotFoundException}. */
    public void requireStockable(String productId) {
        load(productId).execute(Product::requireStockable);
    }

    private Aggregate<Product> load(String productId) {
        try {
            return products.load(productId);
        } catch (AggregateNotFoundException e) {
            throw new ProductNotFoundException(productId, e);
        }
    }
}
