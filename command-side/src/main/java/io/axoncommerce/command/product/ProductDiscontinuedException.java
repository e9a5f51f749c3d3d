package io.axoncommerce.command.product;

import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

/** A discontinued product can no longer be changed, stocked or ordered. */
public class ProductDiscontinuedException extends CommandRejectedException {

    public ProductDiscontinuedException(String productId) {
        super(RejectionType.BUSINESS_RULE, "PRODUCT_DISCONTINUED", "Product '" + productId + "' is discontinued");
    }
}
