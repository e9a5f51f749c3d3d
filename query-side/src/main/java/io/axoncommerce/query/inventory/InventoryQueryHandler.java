package io.axoncommerce.query.inventory;

import io.axoncommerce.api.query.FindInventoryQuery;
import io.axoncommerce.api.query.InventoryView;
import io.axoncommerce.query.config.QueryDatabase;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Answers stock queries from the inventory read model. A product that never had stock is a null answer. */
@Component
public class InventoryQueryHandler {

    private final MongoTemplate mongo;

    public InventoryQueryHandler(QueryDatabase database) {
        this.mongo = database.template();
    }

    @QueryHandler
    public InventoryView handle(FindInventoryQuery query) {
        InventoryDocument document = mongo.findById(query.productId(), InventoryDocument.class);
        return document == null ? null : document.toView();
    }
}
