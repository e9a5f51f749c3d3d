package io.axoncommerce.command.order;

import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

import java.util.List;

/** One order is paid in one currency; the catalogue prices of its products must agree. */
public class MixedCurrencyOrderException extends CommandRejectedException {

    public MixedCurrencyOrderException(List<OrderLine> lines) {
        super(RejectionType.BUSINESS_RULE, "MIXED_CURRENCIES", "The products of one order must be priced in one "
                + "currency, but were " + lines.stream().map(l -> l.productId() + ": " + l.unitPrice().currency())
                .toList());
    }
}
