package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.OrderDeadlineExpiredEvent;
import io.axoncommerce.api.order.OrderStep;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payment messages and the saga's deadline event, through the serializer the services use. */
class PaymentMessagesTest {

    private static final Money AMOUNT = Money.of("44.98", "EUR");

    static Stream<Object> messages() {
        return Stream.of(
                new ProcessPaymentCommand("payment-o-1", "o-1", "c-1", AMOUNT, "tok_visa"),
                new RefundPaymentCommand("payment-o-1", "o-1"),
                new PaymentSucceededEvent("payment-o-1", "o-1", AMOUNT, "ch_1"),
                new PaymentFailedEvent("payment-o-1", "o-1", AMOUNT, PaymentFailureReason.DECLINED, "card_declined"),
                new PaymentRefundedEvent("payment-o-1", "o-1", AMOUNT, "re_1"),
                new PaymentRequestedEvent("payment-o-1", "o-1", AMOUNT, "tok_visa", 1, false),
                new PaymentRequestedEvent("payment-o-1", "o-1", AMOUNT, "tok_visa", 3, true),
                new PaymentRefundRequestedEvent("payment-o-1", "o-1", AMOUNT, "ch_1", 2),
                new PaymentAwaitingProviderEvent("payment-o-1", "o-1", ProviderOperation.CHARGE, 2, true,
                        "circuit breaker 'payment-provider' is open", Instant.parse("2026-11-25T10:15:30.123Z")),
                new PaymentRetryDueEvent("payment-o-1", "o-1", ProviderOperation.REFUND, 3),
                new PaymentCancelledEvent("payment-o-1", "o-1"),
                new CancelPaymentCommand("payment-o-1", "o-1"),
                new RecordChargeApprovedCommand("payment-o-1", "ch_1"),
                new RecordChargeDeclinedCommand("payment-o-1", "card_declined"),
                new RecordProviderUnavailableCommand("payment-o-1", ProviderOperation.CHARGE, 1, false, "503",
                        Instant.parse("2026-11-25T10:15:30Z")),
                new RecordRefundCompletedCommand("payment-o-1", "re_1"),
                new RetryPaymentCommand("payment-o-1", ProviderOperation.CHARGE, 2),
                new OrderDeadlineExpiredEvent("o-1", OrderStep.PAYMENT));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTripsThroughJackson(Object message) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        SerializedObject<String> serialized = serializer.serialize(message, String.class);
        Object back = serializer.deserialize(serialized);
        assertThat(back).isEqualTo(message);
        if (message.getClass().getSimpleName().endsWith("Event")) {
            assertThat(serialized.getType().getRevision()).as("events carry @Revision").isEqualTo("1");
        }
    }

    /** Events are never deleted: a failure stored before outages were retried must still be read as it was. */
    @Test
    void aStoredUnavailableFailureStillReads() {
        String stored = """
                {"paymentId":"payment-o-1","orderId":"o-1","amount":{"amount":44.98,"currency":"EUR"},
                "reason":"UNAVAILABLE","detail":"circuit breaker 'payment-provider' is open"}""";
        PaymentFailedEvent event = JacksonSerializer.defaultSerializer().deserialize(new SimpleSerializedObject<>(
                stored, String.class, PaymentFailedEvent.class.getName(), "1"));
        assertThat(event.reason()).isEqualTo(PaymentFailureReason.UNAVAILABLE);
        assertThat(event.amount()).isEqualTo(AMOUNT);
    }

    @Test
    void theRequestedEventMasksTheTokenAndCountsAttemptsFromOne() {
        assertThat(new PaymentRequestedEvent("payment-o-1", "o-1", AMOUNT, "tok_visa_4242", 1, false).toString())
                .doesNotContain("tok_visa").contains("****4242");
        assertThatThrownBy(() -> new PaymentRequestedEvent("payment-o-1", "o-1", AMOUNT, "tok_visa", 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("attempt");
        assertThatThrownBy(() -> new RetryPaymentCommand("payment-o-1", null, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("operation");
    }

    @Test
    void eventsCarryRevisionOne() {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        assertThat(serializer.serialize(new PaymentFailedEvent("payment-o-1", "o-1", AMOUNT,
                PaymentFailureReason.UNAVAILABLE, "breaker open"), String.class).getType().getRevision()).isEqualTo("1");
    }

    @Test
    void rejectsInvalidValuesNamingTheField() {
        assertThatThrownBy(() -> new ProcessPaymentCommand("payment-o-1", "o-1", "c-1", null, "tok_visa"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("amount");
        assertThatThrownBy(() -> new RefundPaymentCommand(" ", "o-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("paymentId");
        assertThatThrownBy(() -> new PaymentFailedEvent("p", "o-1", AMOUNT, null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reason");
        assertThatThrownBy(() -> new OrderDeadlineExpiredEvent("o-1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("step");
    }

    @Test
    void paymentIdIsDerivedFromTheOrderAndTheTokenIsMasked() {
        assertThat(PaymentId.forOrder("o-7")).isEqualTo("payment-o-7");
        assertThat(new ProcessPaymentCommand("payment-o-1", "o-1", "c-1", AMOUNT, "tok_visa_4242").toString())
                .doesNotContain("tok_visa").contains("****4242");
    }
}
