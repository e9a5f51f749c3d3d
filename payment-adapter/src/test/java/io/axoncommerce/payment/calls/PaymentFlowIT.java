package io.axoncommerce.payment.calls;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.payment.CancelPaymentCommand;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.PaymentCancelledEvent;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentRefundRequestedEvent;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentRequestedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.ProviderOperation;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import io.axoncommerce.payment.AbstractPaymentAdapterIT;
import io.axoncommerce.payment.aggregate.PaymentStatus;
import io.axoncommerce.payment.simulator.ProviderSimulator.ChargeRequest;
import io.axoncommerce.payment.simulator.ProviderSimulator.LedgerCharge;
import io.axoncommerce.payment.simulator.ProviderSimulator.OutageMode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole payment path in one application: commands through the command bus to the Payment aggregate, its events
 * through the {@value ProviderCalls#PROCESSING_GROUP} processor (tokens in MongoDB) to the real provider client, the
 * simulator over HTTP, and the reports back to the aggregate. Every test uses its own payment, and asserts on the
 * simulator's ledger and per-key counters, which are this payment's only.
 */
class PaymentFlowIT extends AbstractPaymentAdapterIT {

    private static final Duration SETTLED = Duration.ofSeconds(30);

    @Autowired
    private CommandGateway commands;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private ProviderCalls providerCalls;

    private String orderId;
    private String paymentId;
    private Money amount;

    @BeforeEach
    void newPayment() {
        orderId = "order-" + UUID.randomUUID();
        paymentId = "payment-" + orderId;
        amount = Money.of("44.98", "EUR");
    }

    private PaymentStatus pay(String token) {
        return commands.sendAndWait(new ProcessPaymentCommand(paymentId, orderId, "customer-1", amount, token));
    }

    private List<Object> events() {
        return eventStore.readEvents(paymentId).asStream().map(EventMessage::getPayload).map(Object.class::cast)
                .toList();
    }

    private List<Object> awaitEvent(Predicate<Object> last) {
        await().atMost(SETTLED).until(() -> events().stream().anyMatch(last));
        return events();
    }

    private long awaiting(ProviderOperation operation) {
        return events().stream()
                .filter(e -> e instanceof PaymentAwaitingProviderEvent a && a.operation() == operation).count();
    }

    private LedgerCharge theOnlyCharge() {
        List<LedgerCharge> charges = simulator.ledger().stream().filter(c -> c.reference().equals(orderId)).toList();
        assertThat(charges).hasSize(1);
        return charges.getFirst();
    }

    @Test
    void theCommandOnlyRequestsThePaymentAndTheProviderCallsSettleIt() {
        assertThat(pay("tok_visa")).isEqualTo(PaymentStatus.PENDING);

        List<Object> events = awaitEvent(PaymentSucceededEvent.class::isInstance);

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new PaymentRequestedEvent(paymentId, orderId, amount, "tok_visa", 1, false));
        assertThat(events.get(1)).isInstanceOfSatisfying(PaymentSucceededEvent.class,
                s -> assertThat(s.providerReference()).isEqualTo(theOnlyCharge().chargeId()));
        assertThat(simulator.requestsFor(paymentId)).isEqualTo(1);
        assertThat(simulator.lookupsFor(paymentId)).as("an answered first attempt needs no lookup").isZero();
    }

    @Test
    void aDeclineFailsAsDeclined() {
        pay("tok_decline");

        assertThat(awaitEvent(PaymentFailedEvent.class::isInstance)).last()
                .isEqualTo(new PaymentFailedEvent(paymentId, orderId, amount, PaymentFailureReason.DECLINED,
                        "card_declined"));
        assertThat(simulator.chargesFor(orderId)).isZero();
    }

    @Test
    void aChargeWhoseAnswerIsLostOnEveryRetryIsResolvedByALookupWithOneCharge() {
        simulator.loseNextAnswers(3); // the client's three HTTP attempts: the first charges, none hears about it

        pay("tok_visa");

        List<Object> events = awaitEvent(PaymentSucceededEvent.class::isInstance);
        assertThat(events).hasSize(2).noneMatch(PaymentAwaitingProviderEvent.class::isInstance);
        assertThat(((PaymentSucceededEvent) events.get(1)).providerReference()).isEqualTo(theOnlyCharge().chargeId());
        assertThat(simulator.requestsFor(paymentId)).isEqualTo(3);
        assertThat(simulator.lookupsFor(paymentId)).isEqualTo(1);
    }

    @Test
    void anOutageLongerThanTheBreakersOpenWaitEndsInOneChargeOnceTheProviderIsBack() throws Exception {
        simulator.setOutage(OutageMode.UNAVAILABLE);
        try {
            pay("tok_visa");
            await().atMost(SETTLED).until(() -> breaker().getState() == CircuitBreaker.State.OPEN);
            // longer than the breaker's open wait (1 s here), with attempts refused by the open breaker
            await().atMost(SETTLED).until(() -> awaiting(ProviderOperation.CHARGE) >= 4);
            assertThat(events()).noneMatch(e -> e instanceof PaymentFailedEvent || e instanceof PaymentSucceededEvent);
            assertThat(simulator.chargesFor(orderId)).isZero();
        } finally {
            simulator.setOutage(OutageMode.NONE);
        }

        List<Object> events = awaitEvent(PaymentSucceededEvent.class::isInstance);
        assertThat(theOnlyCharge().chargeId()).isEqualTo(((PaymentSucceededEvent) events.getLast()).providerReference());
        assertThat(events).filteredOn(PaymentRequestedEvent.class::isInstance)
                .extracting(e -> ((PaymentRequestedEvent) e).attempt())
                .as("one attempt after each wait").doesNotHaveDuplicates().startsWith(1, 2, 3, 4);
        assertThat(events).noneMatch(PaymentFailedEvent.class::isInstance);
        System.out.printf("outage ridden out: %d attempts%n", awaiting(ProviderOperation.CHARGE) + 1);
    }

    @Test
    void aRefundDuringAnOutageIsMadeOnceAfterIt() {
        pay("tok_visa");
        awaitEvent(PaymentSucceededEvent.class::isInstance);
        String chargeId = theOnlyCharge().chargeId();

        simulator.setOutage(OutageMode.UNAVAILABLE);
        try {
            assertThat((PaymentStatus) commands.sendAndWait(new RefundPaymentCommand(paymentId, orderId)))
                    .isEqualTo(PaymentStatus.REFUND_PENDING);
            await().atMost(SETTLED).until(() -> awaiting(ProviderOperation.REFUND) >= 2);
            assertThat(simulator.isRefunded(chargeId)).isFalse();
            // the saga's owed refund sent again meanwhile: the payment is on it already
            assertThat((PaymentStatus) commands.sendAndWait(new RefundPaymentCommand(paymentId, orderId)))
                    .isEqualTo(PaymentStatus.REFUND_PENDING);
        } finally {
            simulator.setOutage(OutageMode.NONE);
        }

        List<Object> events = awaitEvent(PaymentRefundedEvent.class::isInstance);
        assertThat(events).filteredOn(PaymentRefundedEvent.class::isInstance).hasSize(1);
        assertThat(theOnlyCharge().refundId()).isEqualTo(((PaymentRefundedEvent) events.getLast()).providerReference());
        assertThat(simulator.isRefunded(chargeId)).isTrue();
    }

    @Test
    void aPaymentCancelledDuringAnOutageIsAskedAboutAfterItAndNeverCharged() {
        long lookupsInTheOutage;
        simulator.setOutage(OutageMode.UNAVAILABLE);
        try {
            pay("tok_visa");
            await().atMost(SETTLED).until(() -> awaiting(ProviderOperation.CHARGE) >= 1);
            assertThat((PaymentStatus) commands.sendAndWait(new CancelPaymentCommand(paymentId, orderId)))
                    .isEqualTo(PaymentStatus.CANCELLED);
        } finally {
            lookupsInTheOutage = simulator.lookupsFor(paymentId);
            simulator.setOutage(OutageMode.NONE);
        }

        // the first attempt's outcome was unknown (its lookup failed too): the cancelled payment asks until it knows
        await().atMost(SETTLED).until(() -> simulator.lookupsFor(paymentId) > lookupsInTheOutage
                && events().getLast() instanceof PaymentRequestedEvent last && last.lookupOnly());
        List<Object> settled = events();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> events().equals(settled));
        assertThat(settled).anyMatch(PaymentCancelledEvent.class::isInstance)
                .noneMatch(PaymentSucceededEvent.class::isInstance);
        assertThat(settled.subList(settled.indexOf(new PaymentCancelledEvent(paymentId, orderId)), settled.size()))
                .filteredOn(PaymentRequestedEvent.class::isInstance)
                .allMatch(e -> ((PaymentRequestedEvent) e).lookupOnly());
        assertThat(simulator.chargesFor(orderId)).isZero();
    }

    @Test
    void aChargeThatLandsAfterTheCancellationIsRefundedByThePayment() {
        // The provider holds a charge under the payment's key that the payment never heard of (as after a request it
        // processed although the adapter had given up on it), then goes down: the attempt cannot tell, the saga
        // gives up the payment, and only after the outage does a lookup find the charge.
        simulator.charge(paymentId, new ChargeRequest(amount.amount(), amount.currency(), "tok_visa", orderId));
        simulator.setOutage(OutageMode.UNAVAILABLE);
        try {
            pay("tok_visa");
            await().atMost(SETTLED).until(() -> awaiting(ProviderOperation.CHARGE) >= 1);
            commands.sendAndWait(new CancelPaymentCommand(paymentId, orderId));
        } finally {
            simulator.setOutage(OutageMode.NONE);
        }

        List<Object> events = awaitEvent(PaymentRefundedEvent.class::isInstance);
        assertThat(events).containsSubsequence(new PaymentCancelledEvent(paymentId, orderId),
                new PaymentSucceededEvent(paymentId, orderId, amount, theOnlyCharge().chargeId()),
                new PaymentRefundRequestedEvent(paymentId, orderId, amount, theOnlyCharge().chargeId(), 1));
        assertThat(theOnlyCharge().refundId()).isNotNull();
    }

    @Test
    void aRepeatedPaymentIsChargedOnceAndStoredOnce() {
        pay("tok_visa");
        awaitEvent(PaymentSucceededEvent.class::isInstance);

        assertThat(pay("tok_visa")).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(events()).hasSize(2);
        assertThat(simulator.requestsFor(paymentId)).isEqualTo(1);
        assertThat(simulator.chargesFor(orderId)).isEqualTo(1);
    }

    /** A crash after the provider answered but before the processor stored its token: the event comes again. */
    @Test
    void aRedeliveredAttemptAsksTheProviderAgainUnderTheSameKeyAndChangesNothing() {
        pay("tok_visa");
        List<Object> before = awaitEvent(PaymentSucceededEvent.class::isInstance);

        providerCalls.on((PaymentRequestedEvent) before.getFirst());

        assertThat(simulator.requestsFor(paymentId)).isEqualTo(2);
        assertThat(simulator.chargesFor(orderId)).isEqualTo(1);
        assertThat(events()).isEqualTo(before);
    }
}
