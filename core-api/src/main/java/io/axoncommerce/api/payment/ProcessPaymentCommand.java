package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ProcessPaymentCommand(@TargetAggregateIdentifier String paymentId, String orderId, String customerId,
                                    Money amount, String paymentToken) {

    public ProcessPaymentCommand {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
        Require.nonBlank(customerId, "customerId");
        Require.nonNull(amount, "amount");
        Require.nonBlank(paymentToken, "paymentToken");
    }

    @Override
    public String toString() {
        return "ProcessPaymentCommand[paymentId=" + paymentId + ", orderId=" + orderId + ", customerId=" + customerId
                + ", amount=" + amount + ", paymentToken=" + Require.maskToken(paymentToken) + "]";
    }
}
