package io.axoncommerce.command.inventory;

import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

public class StockLimitExceededException extends CommandRejectedException {

    public StockLimitExceededException(String productId, int available, int added) {
        super(RejectionType.BUSINESS_RULE, "STOCK_LIMIT_EXCEEDED",
                "Adding " + added + " units to product '" + productId + "' (" + available
                        + " available) exceeds the largest stock count this system keeps");
    }
}
