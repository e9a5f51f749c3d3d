package io.axoncommerce.payment.provider;

/** What the provider decided about a charge. Unavailability is not an outcome: it is a {@link ProviderUnavailableException}. */
public sealed interface ChargeOutcome {

    record Approved(String chargeId) implements ChargeOutcome {
    }

    record Declined(String code, String message) implements ChargeOutcome {
    }
}
