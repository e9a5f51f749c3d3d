package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The provider refused the charge (a decline, or a request it refuses for good). Sent by the payment adapter's provider
 * calls; recorded once.
 *
 * @param code the provider's decline code, e.g. {@code card_declined}
 */
public record RecordChargeDeclinedCommand(@TargetAggregateIdentifier String paymentId, String code) {

    public RecordChargeDeclinedCommand {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(code, "code");
    }
}
