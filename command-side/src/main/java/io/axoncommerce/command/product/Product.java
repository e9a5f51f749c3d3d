package io.axoncommerce.command.product;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.product.ChangeProductPriceCommand;
import io.axoncommerce.api.product.CreateProductCommand;
import io.axoncommerce.api.product.DiscontinueProductCommand;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDetailsUpdatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.api.product.UpdateProductDetailsCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A catalogue entry. Snapshots are the aggregate serialized by Jackson field by field (hence {@link JsonAutoDetect});
 * {@link Revision} changes when the fields change, so old snapshots are ignored rather than misread.
 */
// filterEventsByType: ids are chosen by clients, so a stream of another aggregate type must never be sourced into a Product.
@Aggregate(snapshotTriggerDefinition = "commandSideSnapshotTrigger", filterEventsByType = true)
@Revision("1")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class Product {

    @AggregateIdentifier
    private String productId;
    private String name;
    private String description;
    private String category;
    private Money price;
    private boolean discontinued;

    protected Product() {
        // Axon and Jackson (snapshots) build the aggregate empty, then source its events into it.
    }

    /**
     * CREATE_IF_MISSING instead of a creating constructor so that the aggregate itself sees an existing stream and
     * refuses a second creation, whatever the event store does about duplicate sequence numbers.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateProductCommand command) {
        if (productId != null) {
            throw new ProductAlreadyExistsException(command.productId());
        }
        apply(new ProductCreatedEvent(command.productId(), command.name(), command.description(), command.category(),
                command.price()));
    }

    @CommandHandler
    public void handle(UpdateProductDetailsCommand command) {
        requireActive();
        if (command.name().equals(name) && command.description().equals(description)
                && command.category().equals(category)) {
            return;
        }
        apply(new ProductDetailsUpdatedEvent(productId, command.name(), command.description(), command.category()));
    }

    @CommandHandler
    public void handle(ChangeProductPriceCommand command) {
        requireActive();
        if (command.price().equals(price)) {
            return;
        }
        apply(new ProductPriceChangedEvent(productId, price, command.price()));
    }

    /** Discontinuing twice is a no-op, which keeps {@code DELETE /api/products/{id}} idempotent. */
    @CommandHandler
    public void handle(DiscontinueProductCommand command) {
        if (discontinued) {
            return;
        }
        apply(new ProductDiscontinuedEvent(productId));
    }

    /**
     * The price an order placed now pays per unit. Read-only: the order placement handler calls it on a loaded
     * Product, so the decision that a discontinued product cannot be ordered stays with the Product.
     */
    public Money priceForOrder() {
        requireActive();
        return price;
    }

    /** Stock may be added only to a product that is still sold. */
    public void requireStockable() {
        requireActive();
    }

    private void requireActive() {
        if (discontinued) {
            throw new ProductDiscontinuedException(productId);
        }
    }

    @EventSourcingHandler
    void on(ProductCreatedEvent event) {
        productId = event.productId();
        name = event.name();
        description = event.description();
        category = event.category();
        price = event.price();
        discontinued = false;
    }

    @EventSourcingHandler
    void on(ProductDetailsUpdatedEvent event) {
        name = event.name();
        description = event.description();
        category = event.category();
    }

    @EventSourcingHandler
    void on(ProductPriceChangedEvent event) {
        price = event.newPrice();
    }

    @EventSourcingHandler
    void on(ProductDiscontinuedEvent event) {
        discontinued = true;
    }

    // Equality of state, used by the snapshot round-trip test; aggregates are never put in hash-based collections.
    @Override
    public boolean equals(Object o) {
        return o instanceof Product other
                && Objects.equals(productId, other.productId) && Objects.equals(name, other.name)
                && Objects.equals(description, other.description) && Objects.equals(category, other.category)
                && Objects.equals(price, other.price) && discontinued == other.discontinued;
    }

    @Override
    public int hashCode() {
        return Objects.hash(productId, name, description, category, price, discontinued);
    }

    @Override
    public String toString() {
        return "Product[" + productId + ", " + name + ", " + category + ", " + price
                + (discontinued ? ", discontinued" : "") + "]";
    }
}
