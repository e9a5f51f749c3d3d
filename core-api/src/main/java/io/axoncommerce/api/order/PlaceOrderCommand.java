package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Places an order. Carries no prices: the handler prices every line from the catalogue. */
public record PlaceOrderCommand(@TargetAggregateIdentifier String orderId, String customerId,
                                List<OrderLineRequest> lines, String paymentToken) {

    public PlaceOrderCommand {
        Require.nonBlank(orderId, "orderId");
        Require.nonBlank(customerId, "customerId");
        lines = Require.nonEmptyCopy(lines, "lines");
        OrderLines.requireDistinctProducts(lines, OrderLineRequest::productId);
        Require.nonBlank(paymentToken, "paymentToken");
    }

    @Override
    public String toString() {
        return "PlaceOrderCommand[orderId=" + orderId + ", customerId=" + customerId + ", lines=" + lines
                + ", paymentToken=" + Require.maskToken(paymentToken) + "]";
    }
}
