package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * Revision 2 added {@code requestFingerprint} (see {@link PlaceOrderCommand}); revision 3 records each line's
 * {@link OrderLine#lineTotal() lineTotal}. Older revisions are upcast on reading, see
 * {@link io.axoncommerce.api.upcasting.CoreApiUpcasters}.
 */
@Revision("3")
public record OrderPlacedEvent(String orderId, String customerId, List<OrderLine> lines, Money total,
                               String paymentToken, String requestFingerprint) {

    public OrderPlacedEvent(String orderId, String customerId, List<OrderLine> lines, Money total,
                            String paymentToken) {
        this(orderId, customerId, lines, total, paymentToken, null);
    }

    public OrderPlacedEvent {
        Require.nonBlank(orderId, "orderId");
        Require.nonBlank(customerId, "customerId");
        lines = Require.nonEmptyCopy(lines, "lines");
        OrderLines.requireDistinctProducts(lines, OrderLine::productId);
        Require.nonNull(total, "total");
        Money sum = lines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
        if (!sum.equals(total)) {
            throw new IllegalArgumentException("total must equal the sum of the line totals (" + sum + ") but was " + total);
        }
        Require.nonBlank(paymentToken, "paymentToken");
    }

    @Override
    public String toString() {
        return "OrderPlacedEvent[orderId=" + orderId + ", customerId=" + customerId + ", lines=" + lines
                + ", total=" + total + ", paymentToken=" + Require.maskToken(paymentToken)
                + ", requestFingerprint=" + requestFingerprint + "]";
    }
}
