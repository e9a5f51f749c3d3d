package io.axoncommerce.payment.metrics;

import java.util.List;
import java.util.Locale;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.PaymentCancelledEvent;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProviderOperation;
import io.axoncommerce.observability.CommittedEventCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Payment outcomes and amounts, counted from the events the payment aggregate publishes once they are stored (after
 * the unit of work committed): a charge whose event lost a concurrency race is not a second outcome. The provider
 * calls themselves (HTTP attempts, failures, the breaker's state) are resilience4j's metrics.
 * <p>
 * Tags: {@code outcome} (succeeded, declined, cancelled, refunded, and unavailable, which only payments stored before
 * outages were retried had; each registered up front) and, on the amount summary, {@code currency}.
 * {@code axoncommerce.payments.awaiting.provider{operation}} counts the attempts the provider could not settle and
 * that are retried later (charge, refund). All tags are small fixed sets.
 */
public final class PaymentOutcomeMetrics extends CommittedEventCounter {

    static final String PAYMENTS = "axoncommerce.payments";
    static final String PAYMENT_AMOUNT = "axoncommerce.payments.amount";
    static final String AWAITING_PROVIDER = "axoncommerce.payments.awaiting.provider";
    static final List<String> OUTCOMES = List.of("succeeded", "declined", "cancelled", "unavailable", "refunded");

    private final MeterRegistry registry;

    public PaymentOutcomeMetrics(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(this::outcomeCounter);
        for (ProviderOperation operation : ProviderOperation.values()) {
            awaitingCounter(operation);
        }
    }

    @Override
    protected void count(Object payload) {
        switch (payload) {
            case PaymentSucceededEvent e -> record("succeeded", e.amount());
            case PaymentFailedEvent e ->
                    record(e.reason() == PaymentFailureReason.DECLINED ? "declined" : "unavailable", e.amount());
            case PaymentRefundedEvent e -> record("refunded", e.amount());
            case PaymentCancelledEvent e -> outcomeCounter("cancelled").increment();
            case PaymentAwaitingProviderEvent e -> awaitingCounter(e.operation()).increment();
            default -> {
                // not a payment outcome
            }
        }
    }

    private void record(String outcome, Money amount) {
        outcomeCounter(outcome).increment();
        DistributionSummary.builder(PAYMENT_AMOUNT)
                .description("Payment amounts by outcome, in the payment's currency")
                // no base unit: Prometheus would append it to the name, one name per currency
                .tag("outcome", outcome).tag("currency", amount.currency())
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(100_000.0)
                .register(registry)
                .record(amount.amount().doubleValue());
    }

    private Counter awaitingCounter(ProviderOperation operation) {
        return Counter.builder(AWAITING_PROVIDER)
                .description("Payment attempts the provider could not settle (retried later), by operation")
                .tag("operation", operation.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Counter outcomeCounter(String outcome) {
        return Counter.builder(PAYMENTS).description("Payments by outcome").tag("outcome", outcome).register(registry);
    }
}
