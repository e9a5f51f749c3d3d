package io.axoncommerce.payment.provider;

import io.axoncommerce.api.common.Money;

/** The client's requests; the idempotency key travels as the {@code Idempotency-Key} header. */
public final class ProviderRequests {

    private ProviderRequests() {
    }

    public record Charge(String idempotencyKey, Money amount, String paymentToken, String reference) {

        @Override
        public String toString() {
            return "Charge[idempotencyKey=" + idempotencyKey + ", amount=" + amount + ", reference=" + reference + "]";
        }
    }

    public record Refund(String idempotencyKey, String chargeId, Money amount) {
    }
}
