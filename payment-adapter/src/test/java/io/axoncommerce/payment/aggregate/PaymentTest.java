package io.axoncommerce.payment.aggregate;

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
import io.axoncommerce.api.payment.RecordChargeApprovedCommand;
import io.axoncommerce.api.payment.RecordChargeDeclinedCommand;
import io.axoncommerce.api.payment.RecordProviderUnavailableCommand;
import io.axoncommerce.api.payment.RecordRefundCompletedCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import io.axoncommerce.api.payment.RetryPaymentCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.axoncommerce.api.payment.ProviderOperation.CHARGE;
import static io.axoncommerce.api.payment.ProviderOperation.REFUND;

/**
 * Every transition of the Payment aggregate on Axon's AggregateTestFixture. No provider is registered as a resource:
 * the aggregate only decides and records, and a handler that tried to reach one would fail here.
 */
class PaymentTest {

    private static final String PAYMENT = "payment-order-1";
    private static final String ORDER = "order-1";
    private static final Money AMOUNT = Money.of("44.98", "EUR");
    private static final Instant NEXT = Instant.parse("2026-11-25T10:00:05Z");

    private static final PaymentRequestedEvent REQUESTED =
            new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, "tok_visa", 1, false);
    private static final PaymentSucceededEvent SUCCEEDED = new PaymentSucceededEvent(PAYMENT, ORDER, AMOUNT, "ch_1");
    private static final PaymentCancelledEvent CANCELLED = new PaymentCancelledEvent(PAYMENT, ORDER);

    private AggregateTestFixture<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
    }

    private static ProcessPaymentCommand pay() {
        return new ProcessPaymentCommand(PAYMENT, ORDER, "customer-1", AMOUNT, "tok_visa");
    }

    private static PaymentAwaitingProviderEvent awaiting(ProviderOperation operation, int attempt,
                                                         boolean chargeMayExist) {
        return new PaymentAwaitingProviderEvent(PAYMENT, ORDER, operation, attempt, chargeMayExist, "provider answered 503",
                NEXT);
    }

    private static RecordProviderUnavailableCommand unavailable(ProviderOperation operation, int attempt,
                                                                boolean chargeMayExist) {
        return new RecordProviderUnavailableCommand(PAYMENT, operation, attempt, chargeMayExist, "provider answered 503",
                NEXT);
    }

    // --- charging -----------------------------------------------------------------------------------------------

    @Test
    void aPaymentIsRequestedNotCharged() {
        fixture.givenNoPriorActivity()
                .when(pay())
                .expectSuccessfulHandlerExecution()
                .expectEvents(REQUESTED)
                .expectResultMessagePayload(PaymentStatus.PENDING);
    }

    @Test
    void aRepeatedPaymentRequestsNothingAgain() {
        fixture.given(REQUESTED).when(pay()).expectNoEvents().expectResultMessagePayload(PaymentStatus.PENDING);
        fixture.given(REQUESTED, SUCCEEDED).when(pay()).expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.SUCCEEDED);
        fixture.given(REQUESTED, new PaymentFailedEvent(PAYMENT, ORDER, AMOUNT, PaymentFailureReason.DECLINED,
                        "card_declined"))
                .when(pay()).expectNoEvents().expectResultMessagePayload(PaymentStatus.DECLINED);
    }

    @Test
    void anApprovedChargeSucceedsOnce() {
        fixture.given(REQUESTED)
                .when(new RecordChargeApprovedCommand(PAYMENT, "ch_1"))
                .expectEvents(SUCCEEDED)
                .expectResultMessagePayload(PaymentStatus.SUCCEEDED);
        fixture.given(REQUESTED, SUCCEEDED)
                .when(new RecordChargeApprovedCommand(PAYMENT, "ch_1"))
                .expectNoEvents();
    }

    @Test
    void aDeclinedChargeFailsAsDeclinedOnce() {
        PaymentFailedEvent declined = new PaymentFailedEvent(PAYMENT, ORDER, AMOUNT, PaymentFailureReason.DECLINED,
                "card_declined");
        fixture.given(REQUESTED)
                .when(new RecordChargeDeclinedCommand(PAYMENT, "card_declined"))
                .expectEvents(declined)
                .expectResultMessagePayload(PaymentStatus.DECLINED);
        fixture.given(REQUESTED, declined)
                .when(new RecordChargeDeclinedCommand(PAYMENT, "card_declined"))
                .expectNoEvents();
    }

    // --- provider unavailable -----------------------------------------------------------------------------------

    @Test
    void anUnavailableProviderLeavesThePaymentPendingAwaitingTheNextAttempt() {
        fixture.given(REQUESTED)
                .when(unavailable(CHARGE, 1, true))
                .expectEvents(awaiting(CHARGE, 1, true))
                .expectResultMessagePayload(PaymentStatus.PENDING);
    }

    @Test
    void aRepeatedOrOutdatedUnavailableReportChangesNothing() {
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true))
                .when(unavailable(CHARGE, 1, true))
                .expectNoEvents();
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true),
                        new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, "tok_visa", 2, false))
                .when(unavailable(CHARGE, 1, true))
                .expectNoEvents();
        fixture.given(REQUESTED, SUCCEEDED)
                .when(unavailable(CHARGE, 1, true))
                .expectNoEvents();
    }

    @Test
    void aDueRetryMakesTheNextAttemptOnce() {
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true))
                .when(new RetryPaymentCommand(PAYMENT, CHARGE, 2))
                .expectEvents(new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, "tok_visa", 2, false))
                .expectResultMessagePayload(PaymentStatus.PENDING);
        // duplicate due event, a wrong attempt number, no wait: nothing
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true),
                        new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, "tok_visa", 2, false))
                .when(new RetryPaymentCommand(PAYMENT, CHARGE, 2))
                .expectNoEvents();
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true))
                .when(new RetryPaymentCommand(PAYMENT, CHARGE, 3))
                .expectNoEvents();
        fixture.given(REQUESTED)
                .when(new RetryPaymentCommand(PAYMENT, CHARGE, 2))
                .expectNoEvents();
    }

    @Test
    void aSettledPaymentIgnoresADueRetry() {
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true), SUCCEEDED)
                .when(new RetryPaymentCommand(PAYMENT, CHARGE, 2))
                .expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.SUCCEEDED);
    }

    // --- cancellation -------------------------------------------------------------------------------------------

    @Test
    void aPendingPaymentIsCancelledAndAnyOtherLeftAsItIs() {
        fixture.given(REQUESTED, awaiting(CHARGE, 1, false))
                .when(new CancelPaymentCommand(PAYMENT, ORDER))
                .expectEvents(CANCELLED)
                .expectResultMessagePayload(PaymentStatus.CANCELLED);
        fixture.given(REQUESTED, SUCCEEDED)
                .when(new CancelPaymentCommand(PAYMENT, ORDER))
                .expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.SUCCEEDED);
        fixture.given(REQUESTED, CANCELLED)
                .when(new CancelPaymentCommand(PAYMENT, ORDER))
                .expectNoEvents();
    }

    @Test
    void aPaymentCancelledBeforeItWasRequestedChargesNothingWhenTheRequestArrives() {
        fixture.givenNoPriorActivity()
                .when(new CancelPaymentCommand(PAYMENT, ORDER))
                .expectEvents(CANCELLED);
        fixture.given(CANCELLED)
                .when(pay())
                .expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.CANCELLED);
    }

    @Test
    void aCancelledPaymentMakesNoNewChargeWhenNoneCanExist() {
        fixture.given(REQUESTED, awaiting(CHARGE, 1, false), CANCELLED)
                .when(new RetryPaymentCommand(PAYMENT, CHARGE, 2))
                .expectNoEvents();
    }

    @Test
    void aCancelledPaymentWhoseChargeMayExistKeepsAskingWithLookupsOnly() {
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true), CANCELLED)
                .when(new RetryPaymentCommand(PAYMENT, CHARGE, 2))
                .expectEvents(new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, "tok_visa", 2, true))
                .expectResultMessagePayload(PaymentStatus.CANCELLED);
        // the lookup failed too: asked again later
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true), CANCELLED,
                        new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, "tok_visa", 2, true))
                .when(unavailable(CHARGE, 2, true))
                .expectEvents(awaiting(CHARGE, 2, true));
        // the provider says no charge exists: nothing more to ask
        fixture.given(REQUESTED, awaiting(CHARGE, 1, true), CANCELLED,
                        new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, "tok_visa", 2, true))
                .when(unavailable(CHARGE, 2, false))
                .expectNoEvents();
    }

    @Test
    void aChargeThatLandsAfterTheCancellationIsRecordedAndRefundedByThePayment() {
        fixture.given(REQUESTED, CANCELLED)
                .when(new RecordChargeApprovedCommand(PAYMENT, "ch_late"))
                .expectEvents(new PaymentSucceededEvent(PAYMENT, ORDER, AMOUNT, "ch_late"),
                        new PaymentRefundRequestedEvent(PAYMENT, ORDER, AMOUNT, "ch_late", 1))
                .expectResultMessagePayload(PaymentStatus.REFUND_PENDING);
        fixture.given(REQUESTED, CANCELLED)
                .when(new RecordChargeDeclinedCommand(PAYMENT, "card_declined"))
                .expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.CANCELLED);
    }

    // --- refunds ------------------------------------------------------------------------------------------------

    @Test
    void aSucceededPaymentRequestsItsRefundOnce() {
        fixture.given(REQUESTED, SUCCEEDED)
                .when(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectEvents(new PaymentRefundRequestedEvent(PAYMENT, ORDER, AMOUNT, "ch_1", 1))
                .expectResultMessagePayload(PaymentStatus.REFUND_PENDING);
        fixture.given(REQUESTED, SUCCEEDED, new PaymentRefundRequestedEvent(PAYMENT, ORDER, AMOUNT, "ch_1", 1))
                .when(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.REFUND_PENDING);
    }

    @Test
    void aPaymentThatNeverSucceededHasNothingToRefund() {
        fixture.given(REQUESTED, new PaymentFailedEvent(PAYMENT, ORDER, AMOUNT, PaymentFailureReason.DECLINED,
                        "card_declined"))
                .when(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.DECLINED);
        fixture.given(REQUESTED)
                .when(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.PENDING);
    }

    @Test
    void aCompletedRefundIsRecordedOnce() {
        PaymentRefundRequestedEvent refundRequested = new PaymentRefundRequestedEvent(PAYMENT, ORDER, AMOUNT, "ch_1", 1);
        PaymentRefundedEvent refunded = new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT, "re_1");
        fixture.given(REQUESTED, SUCCEEDED, refundRequested)
                .when(new RecordRefundCompletedCommand(PAYMENT, "re_1"))
                .expectEvents(refunded)
                .expectResultMessagePayload(PaymentStatus.REFUNDED);
        fixture.given(REQUESTED, SUCCEEDED, refundRequested, refunded)
                .when(new RecordRefundCompletedCommand(PAYMENT, "re_1"))
                .expectNoEvents();
        fixture.given(REQUESTED, SUCCEEDED, refundRequested, refunded)
                .when(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.REFUNDED);
    }

    @Test
    void aRefundTheProviderCannotMakeNowIsRetriedLater() {
        PaymentRefundRequestedEvent refundRequested = new PaymentRefundRequestedEvent(PAYMENT, ORDER, AMOUNT, "ch_1", 1);
        fixture.given(REQUESTED, SUCCEEDED, refundRequested)
                .when(unavailable(REFUND, 1, true))
                .expectEvents(awaiting(REFUND, 1, true))
                .expectResultMessagePayload(PaymentStatus.REFUND_PENDING);
        fixture.given(REQUESTED, SUCCEEDED, refundRequested, awaiting(REFUND, 1, true))
                .when(new RetryPaymentCommand(PAYMENT, REFUND, 2))
                .expectEvents(new PaymentRefundRequestedEvent(PAYMENT, ORDER, AMOUNT, "ch_1", 2));
        fixture.given(REQUESTED, SUCCEEDED, refundRequested, awaiting(REFUND, 1, true),
                        new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT, "re_1"))
                .when(new RetryPaymentCommand(PAYMENT, REFUND, 2))
                .expectNoEvents();
    }

    // --- payments stored before the provider was called outside the aggregate ------------------------------------

    @Test
    void aStoredUnavailableFailureIsFinal() {
        PaymentFailedEvent old = new PaymentFailedEvent(PAYMENT, ORDER, AMOUNT, PaymentFailureReason.UNAVAILABLE,
                "circuit breaker 'payment-provider' is open");
        fixture.given(old).when(pay()).expectNoEvents().expectResultMessagePayload(PaymentStatus.UNAVAILABLE);
        fixture.given(old).when(new RefundPaymentCommand(PAYMENT, ORDER)).expectNoEvents()
                .expectResultMessagePayload(PaymentStatus.UNAVAILABLE);
        fixture.given(old).when(new CancelPaymentCommand(PAYMENT, ORDER)).expectNoEvents();
    }

    @Test
    void aStoredSuccessWithoutARequestIsRefundedFromItsOwnEvent() {
        fixture.given(SUCCEEDED)
                .when(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectEvents(new PaymentRefundRequestedEvent(PAYMENT, ORDER, AMOUNT, "ch_1", 1));
    }
}
