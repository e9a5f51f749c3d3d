package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.OrderDeadlineExpiredEvent;
import io.axoncommerce.api.order.OrderStep;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
                new OrderDeadlineExpiredEvent("o-1", OrderStep.PAYMENT));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTripsThroughJackson(Object message) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        SerializedObject<String> serialized = serializer.serialize(message, String.class);
        Object back = serializer.deserialize(serialized);
        assertThat(back).isEqualTo(message);
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
