package io.axoncommerce.query.inventory;

import io.axoncommerce.api.query.FindInventoryQuery;
import io.axoncommerce.api.query.InventoryView;
import io.axoncommerce.query.projection.MongoReadModel;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers stock queries from the inventory read model. A product that never had stock is a null answer. */
@Component
public class InventoryQueryHandler {

    private final MongoReadModel<InventoryDocument> inventory;

    public InventoryQueryHandler(MongoReadModel<InventoryDocument> inventory) {
        this.inventory = inventory;
    }

    @QueryHandler
    public InventoryView handle(FindInventoryQuery query) {
        InventoryDocument document = inventory.findById(query.productId());
        return document == null ? null : document.toView();
    }
}
