package io.axoncommerce.payment.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import io.axoncommerce.payment.AbstractPaymentAdapterIT;
import io.axoncommerce.payment.provider.ChargeOutcome;
import io.axoncommerce.payment.provider.ProviderRequests;
import io.axoncommerce.payment.provider.ProviderUnavailableException;
import io.axoncommerce.payment.simulator.ProviderSimulator.OutageMode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/**
 * The Payment aggregate with the real provider client (HTTP, Resilience4j) against the simulator, registered in the
 * fixture as the injectable resource the command handlers take as a parameter.
 */
class PaymentAggregateIT extends AbstractPaymentAdapterIT {

    private static final Money AMOUNT = Money.of("44.98", "EUR");

    @Autowired
    private CommandGateway commandGateway;
    @Autowired
    private EventStore eventStore;

    private AggregateTestFixture<Payment> fixture;
    private String orderId;
    private String paymentId;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerInjectableResource(client);
        orderId = "order-" + UUID.randomUUID();
        paymentId = "payment-" + orderId;
    }

    private ProcessPaymentCommand pay(String token) {
        return new ProcessPaymentCommand(paymentId, orderId, "customer-1", AMOUNT, token);
    }

    @Test
    void anApprovedChargeSucceeds() {
        fixture.givenNoPriorActivity()
                .when(pay("tok_visa"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(PaymentStatus.SUCCEEDED)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches((Object e) -> e instanceof PaymentSucceededEvent s && s.paymentId().equals(paymentId)
                                && s.amount().equals(AMOUNT) && s.providerReference().startsWith("ch_")),
                        andNoMore())));
        assertThat(simulator.chargesFor(orderId)).isEqualTo(1);
    }

    @Test
    void aDeclineFailsAsDeclined() {
        fixture.givenNoPriorActivity()
                .when(pay("tok_decline"))
                .expectResultMessagePayload(PaymentStatus.DECLINED)
                .expectEvents(new PaymentFailedEvent(paymentId, orderId, AMOUNT, PaymentFailureReason.DECLINED,
                        "card_declined"));
    }

    @Test
    void anOutageFailsAsUnavailable() {
        simulator.setOutage(OutageMode.UNAVAILABLE);
        fixture.givenNoPriorActivity()
                .when(pay("tok_visa"))
                .expectResultMessagePayload(PaymentStatus.UNAVAILABLE)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches((Object e) -> e instanceof PaymentFailedEvent f
                                && f.reason() == PaymentFailureReason.UNAVAILABLE && f.detail().contains("503")),
                        andNoMore())));
    }

    @Test
    void aRepeatedPaymentAnswersIdempotentlyWithoutCallingTheProvider() {
        fixture.given(new PaymentSucceededEvent(paymentId, orderId, AMOUNT, "ch_earlier"))
                .when(pay("tok_visa"))
                .expectResultMessagePayload(PaymentStatus.SUCCEEDED)
                .expectNoEvents();
        fixture.given(new PaymentFailedEvent(paymentId, orderId, AMOUNT, PaymentFailureReason.DECLINED, "card_declined"))
                .when(pay("tok_visa"))
                .expectResultMessagePayload(PaymentStatus.DECLINED)
                .expectNoEvents();
        assertThat(simulator.requestsFor(paymentId)).isZero();
    }

    @Test
    void aSucceededPaymentIsRefundedOnce() {
        String chargeId = ((ChargeOutcome.Approved) client.charge(
                new ProviderRequests.Charge(paymentId, AMOUNT, "tok_visa", orderId))).chargeId();

        fixture.given(new PaymentSucceededEvent(paymentId, orderId, AMOUNT, chargeId))
                .when(new RefundPaymentCommand(paymentId, orderId))
                .expectResultMessagePayload(PaymentStatus.REFUNDED)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches((Object e) -> e instanceof PaymentRefundedEvent r && r.amount().equals(AMOUNT)
                                && r.providerReference().startsWith("re_")),
                        andNoMore())));
        assertThat(simulator.isRefunded(chargeId)).isTrue();
        assertThat(simulator.requestsFor("refund-" + paymentId)).isEqualTo(1);

        fixture.given(new PaymentSucceededEvent(paymentId, orderId, AMOUNT, chargeId),
                        new PaymentRefundedEvent(paymentId, orderId, AMOUNT, "re_earlier"))
                .when(new RefundPaymentCommand(paymentId, orderId))
                .expectResultMessagePayload(PaymentStatus.REFUNDED)
                .expectNoEvents();
        assertThat(simulator.requestsFor("refund-" + paymentId)).as("no second refund call").isEqualTo(1);
    }

    @Test
    void aFailedPaymentHasNothingToRefund() {
        fixture.given(new PaymentFailedEvent(paymentId, orderId, AMOUNT, PaymentFailureReason.DECLINED, "card_declined"))
                .when(new RefundPaymentCommand(paymentId, orderId))
                .expectResultMessagePayload(PaymentStatus.DECLINED)
                .expectNoEvents();
        assertThat(simulator.requestsFor("refund-" + paymentId)).isZero();
    }

    @Test
    void aRefundDuringAnOutageFailsTheCommandSoTheSenderRetries() {
        simulator.setOutage(OutageMode.UNAVAILABLE);
        fixture.given(new PaymentSucceededEvent(paymentId, orderId, AMOUNT, "ch_any"))
                .when(new RefundPaymentCommand(paymentId, orderId))
                .expectException(ProviderUnavailableException.class)
                .expectNoEvents();
    }

    @Test
    void throughTheCommandBusARepeatedPaymentIsChargedOnceAndStoredOnce() {
        PaymentStatus first = commandGateway.sendAndWait(pay("tok_visa"));
        PaymentStatus again = commandGateway.sendAndWait(pay("tok_visa"));

        assertThat(first).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(again).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(simulator.chargesFor(orderId)).isEqualTo(1);
        assertThat(simulator.requestsFor(paymentId)).isEqualTo(1);
        List<? extends EventMessage<?>> events = eventStore.readEvents(paymentId).asStream().toList();
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().getPayload()).isInstanceOf(PaymentSucceededEvent.class);
    }
}
