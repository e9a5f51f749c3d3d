package io.axoncommerce.query.inventory;

import io.axoncommerce.api.query.InventoryView;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Stock of one product in MongoDB. {@code version} is the sequence number of the last event of the product's
 * Inventory aggregate applied: events at or below it are duplicates or late deliveries and are ignored.
 */
@Document(InventoryDocument.COLLECTION)
public record InventoryDocument(@Id String productId, int available, int reserved, long version) {

    public static final String COLLECTION = "inventory";

    InventoryView toView() {
        return new InventoryView(productId, available, reserved);
    }
}
