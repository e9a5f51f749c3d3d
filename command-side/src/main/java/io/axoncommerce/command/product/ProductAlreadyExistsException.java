package io.axoncommerce.command.product;

import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

public class ProductAlreadyExistsException extends CommandRejectedException {

    public ProductAlreadyExistsException(String productId) {
        super(RejectionType.CONFLICT, "PRODUCT_ALREADY_EXISTS", "Product '" + productId + "' already exists");
    }
}
