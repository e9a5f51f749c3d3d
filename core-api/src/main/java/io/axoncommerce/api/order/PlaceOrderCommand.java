package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Places an order. Carries no prices: the handler prices every line from the catalogue.
 *
 * @param requestFingerprint for a request sent with an idempotency key (the order id is then derived from the key),
 *                           a digest of what was asked: the same key with the same request places nothing new, with
 *                           another request it is refused. {@code null} without a key.
 */
public record PlaceOrderCommand(@TargetAggregateIdentifier String orderId, String customerId,
                                List<OrderLineRequest> lines, String paymentToken, String requestFingerprint) {

    public PlaceOrderCommand(String orderId, String customerId, List<OrderLineRequest> lines, String paymentToken) {
        this(orderId, customerId, lines, paymentToken, null);
    }

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
                + ", paymentToken=" + Require.maskToken(paymentToken) + ", requestFingerprint=" + requestFingerprint
                + "]";
    }
}
