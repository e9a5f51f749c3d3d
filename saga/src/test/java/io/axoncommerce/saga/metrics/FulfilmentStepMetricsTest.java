package io.axoncommerce.saga.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class FulfilmentStepMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Money EUR = Money.of("10.00", "EUR");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FulfilmentStepMetrics metrics = new FulfilmentStepMetrics(registry);

    @Test
    void stepsOfAConfirmedOrderFromEventTimestamps() {
        observe(placed("o1", "p1", "p2"), T0);
        observe(new StockReservedEvent("p1", "o1", 1, 5), T0.plusMillis(100));
        observe(new StockReservedEvent("p1", "o1", 1, 5), T0.plusMillis(150)); // duplicate
        observe(new StockReservedEvent("p2", "o1", 1, 5), T0.plusMillis(300));
        observe(new PaymentSucceededEvent("pay-o1", "o1", EUR, "ch_1"), T0.plusMillis(800));
        observe(new OrderConfirmedEvent("o1"), T0.plusMillis(1000));
        observe(new OrderConfirmedEvent("o1"), T0.plusMillis(1100)); // redelivered after the saga ended

        assertThat(step("stock_reservation", "success").count()).isEqualTo(1);
        assertThat(step("stock_reservation", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
        assertThat(step("payment", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(500);
        assertThat(step("confirmation", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200);
        Timer toConfirm = registry.get(FulfilmentStepMetrics.TIME_TO_CONFIRM).timer();
        assertThat(toConfirm.count()).isEqualTo(1);
        assertThat(toConfirm.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
    }

    @Test
    void aFailedPaymentIsAFailedStepAndNoConfirmation() {
        observe(placed("o2", "p1"), T0);
        observe(new StockReservedEvent("p1", "o2", 1, 5), T0.plusMillis(50));
        observe(new PaymentFailedEvent("pay-o2", "o2", EUR, PaymentFailureReason.DECLINED, "card_declined"),
                T0.plusMillis(250));

        assertThat(step("payment", "failure").count()).isEqualTo(1);
        assertThat(step("payment", "failure").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200);
        assertThat(step("payment", "success").count()).isZero();
        assertThat(registry.get(FulfilmentStepMetrics.TIME_TO_CONFIRM).timer().count()).isZero();
    }

    @Test
    void anEventSeenTwiceCountsOnce() {
        metrics.observe("e1", new OrderConfirmedEvent("o3"), T0);
        metrics.observe("e1", new OrderConfirmedEvent("o3"), T0);
        assertThat(registry.get(FulfilmentStepMetrics.SAGAS_FINISHED).tag("outcome", "confirmed").counter().count())
                .isEqualTo(1);
    }

    private void observe(Object payload, Instant at) {
        metrics.observe(java.util.UUID.randomUUID().toString(), payload, at);
    }

    private Timer step(String step, String outcome) {
        return registry.get(FulfilmentStepMetrics.STEP_DURATION).tag("step", step).tag("outcome", outcome).timer();
    }

    private static OrderPlacedEvent placed(String orderId, String... products) {
        List<OrderLine> lines = java.util.Arrays.stream(products).map(p -> new OrderLine(p, 1, EUR)).toList();
        return new OrderPlacedEvent(orderId, "alice", lines, EUR.times(products.length), "tok_visa");
    }
}
