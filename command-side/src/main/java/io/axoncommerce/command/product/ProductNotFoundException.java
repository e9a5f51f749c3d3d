package io.axoncommerce.command.product;

import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

public class ProductNotFoundException extends CommandRejectedException {

    public ProductNotFoundException(String productId, Throwable cause) {
        super(RejectionType.NOT_FOUND, "PRODUCT_NOT_FOUND", "Product '" + productId + "' does not exist", cause);
    }
}
