package io.axoncommerce.command.order;

import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

/**
 * An order line names a product the catalogue does not have. A business-rule refusal (422), not a 404: the request
 * URL ({@code /api/orders}) exists, it is the order's content that cannot be accepted.
 */
public class UnknownProductInOrderException extends CommandRejectedException {

    public UnknownProductInOrderException(String productId, Throwable cause) {
        super(RejectionType.BUSINESS_RULE, "UNKNOWN_PRODUCT",
                "Product '" + productId + "' does not exist and cannot be ordered", cause);
    }
}
