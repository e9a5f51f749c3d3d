package io.axoncommerce.saga.order;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderDeadlineExpiredEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStep;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.payment.CancelPaymentCommand;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.PaymentCancelledEvent;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.ProviderOperation;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every path of the order fulfilment saga on Axon's SagaTestFixture (its stub event scheduler stands in for Axon
 * Server's, so deadlines fire when the fixture's clock passes them).
 */
class OrderFulfilmentSagaTest {

    private static final Duration RESERVATION_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PAYMENT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REFUND_RETRY = Duration.ofMinutes(1);
    // not a divisor of the other periods, so that no test has two deadlines fire at the same moment
    private static final Duration SETTLEMENT_RETRY = Duration.ofSeconds(35);
    private static final String ORDER = "order-1";
    private static final String PAYMENT = "payment-order-1";
    private static final Money TOTAL = Money.of("29.50", "EUR");
    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent(ORDER, "customer-1", List.of(
            new OrderLine("p-1", 2, Money.of("10.00", "EUR")),
            new OrderLine("p-2", 1, Money.of("5.00", "EUR")),
            new OrderLine("p-3", 3, Money.of("1.50", "EUR"))), TOTAL, "tok_visa");
    private static final OrderDeadlineExpiredEvent RESERVATION_DEADLINE =
            new OrderDeadlineExpiredEvent(ORDER, OrderStep.STOCK_RESERVATION);
    private static final OrderDeadlineExpiredEvent PAYMENT_DEADLINE =
            new OrderDeadlineExpiredEvent(ORDER, OrderStep.PAYMENT);
    private static final OrderDeadlineExpiredEvent REFUND_DEADLINE =
            new OrderDeadlineExpiredEvent(ORDER, OrderStep.REFUND);
    private static final OrderDeadlineExpiredEvent SETTLEMENT_DEADLINE =
            new OrderDeadlineExpiredEvent(ORDER, OrderStep.SETTLEMENT);
    /** The order's answer to {@link MarkOrderStockReservedCommand}. */
    private static final OrderStockReservedEvent STOCK_MARKED = new OrderStockReservedEvent(ORDER);
    private static final PaymentRefundedEvent REFUNDED = new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "re_1");
    private static final CancelPaymentCommand CANCEL_PAYMENT = new CancelPaymentCommand(PAYMENT, ORDER);
    private static final PaymentCancelledEvent PAYMENT_CANCELLED = new PaymentCancelledEvent(PAYMENT, ORDER);

    private static PaymentAwaitingProviderEvent awaitingProvider(ProviderOperation operation, int attempt) {
        return new PaymentAwaitingProviderEvent(PAYMENT, ORDER, operation, attempt, true,
                "circuit breaker 'payment-provider' is open", Instant.parse("2026-11-25T10:00:00Z"));
    }

    private SagaTestFixture<OrderFulfilmentSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        fixture.registerResource(new FulfilmentSettings(RESERVATION_TIMEOUT, PAYMENT_TIMEOUT, REFUND_RETRY,
                SETTLEMENT_RETRY));
    }

    private static StockReservedEvent reserved(String productId, int quantity) {
        return new StockReservedEvent(productId, ORDER, quantity, 10);
    }

    private static ReleaseStockCommand release(String productId) {
        return new ReleaseStockCommand(productId, ORDER);
    }

    private static StockReleasedEvent released(String productId, int quantity) {
        return new StockReleasedEvent(productId, ORDER, quantity, 10);
    }

    private static CommitStockCommand commit(String productId) {
        return new CommitStockCommand(productId, ORDER);
    }

    private static StockCommittedEvent committed(String productId, int quantity) {
        return new StockCommittedEvent(productId, ORDER, quantity);
    }

    private static final ProcessPaymentCommand PAY =
            new ProcessPaymentCommand(PAYMENT, ORDER, "customer-1", TOTAL, "tok_visa");

    /** The prelude most tests share: the order placed and every line reserved, so the saga is paying. */
    private ContinuedGivenState givenEveryLineReserved() {
        return fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .andThenAPublished(reserved("p-2", 1))
                .andThenAPublished(reserved("p-3", 3));
    }

    // --- happy path ---------------------------------------------------------------------------------------------

    @Test
    void anOrderReservesEveryLineUnderTheReservationDeadline() throws Exception {
        fixture.givenNoPriorActivity()
                .whenPublishingA(PLACED)
                .expectActiveSagas(1)
                .expectAssociationWith("orderId", ORDER)
                .expectDispatchedCommands(new ReserveStockCommand("p-1", ORDER, 2),
                        new ReserveStockCommand("p-2", ORDER, 1), new ReserveStockCommand("p-3", ORDER, 3))
                .expectScheduledEvent(RESERVATION_TIMEOUT, RESERVATION_DEADLINE);
    }

    @Test
    void whenAllLinesAreReservedItPaysAndSwapsTheReservationDeadlineForThePaymentDeadline() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .andThenAPublished(reserved("p-2", 1))
                .whenPublishingA(reserved("p-3", 3))
                .expectDispatchedCommands(new MarkOrderStockReservedCommand(ORDER), PAY)
                .expectNoScheduledEvent(RESERVATION_TIMEOUT, RESERVATION_DEADLINE)
                .expectScheduledEvent(PAYMENT_TIMEOUT, PAYMENT_DEADLINE);
    }

    @Test
    void aPartialReservationKeepsWaiting() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .whenPublishingA(reserved("p-2", 1))
                .expectNoDispatchedCommands()
                .expectScheduledEvent(RESERVATION_TIMEOUT, RESERVATION_DEADLINE);
    }

    @Test
    void aSucceededPaymentConfirmsTheOrderAndCancelsThePaymentDeadline() throws Exception {
        givenEveryLineReserved()
                .whenPublishingA(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER))
                .expectNoScheduledEvent(PAYMENT_TIMEOUT, PAYMENT_DEADLINE)
                // the confirmation is owed like every settling command
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void aConfirmationNotSeenByTheSettlementDeadlineIsSentAgain() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(STOCK_MARKED)
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .whenTimeElapses(SETTLEMENT_RETRY)
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER))
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void theConfirmedOrderCommitsEveryLineAndWaitsUntilTheCommitsAreDone() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .whenPublishingA(new OrderConfirmedEvent(ORDER))
                .expectDispatchedCommands(commit("p-1"), commit("p-2"), commit("p-3"))
                .expectActiveSagas(1)
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE);
    }

    @Test
    void theLastCommitDoneEndsTheSaga() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .andThenAPublished(new OrderConfirmedEvent(ORDER))
                .andThenAPublished(committed("p-1", 2))
                .andThenAPublished(committed("p-3", 3))
                .whenPublishingA(committed("p-2", 1))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledEvents();
    }

    @Test
    void aCommitNotDoneByTheSettlementDeadlineIsSentAgain() throws Exception {
        // e.g. the command side was restarting for longer than the gateway's retries
        givenEveryLineReserved()
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .andThenAPublished(new OrderConfirmedEvent(ORDER))
                .andThenAPublished(committed("p-1", 2))
                .whenTimeElapses(SETTLEMENT_RETRY)
                .expectDispatchedCommands(commit("p-2"), commit("p-3"))
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    // --- out of stock -------------------------------------------------------------------------------------------

    @Test
    void oneLineOutOfStockReleasesWhatWasReservedAndCancels() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .whenPublishingA(new StockReservationRejectedEvent("p-2", ORDER, 1, 0))
                .expectDispatchedCommands(release("p-1"), new CancelOrderCommand(ORDER, CancellationReason.OUT_OF_STOCK))
                // p-3 has not answered yet: the saga stays to release it, bounded by the reservation deadline.
                .expectActiveSagas(1)
                .expectScheduledEvent(RESERVATION_TIMEOUT, RESERVATION_DEADLINE);
    }

    @Test
    void aLineReservedAfterTheRejectionIsReleasedToo() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .andThenAPublished(new StockReservationRejectedEvent("p-2", ORDER, 1, 0))
                .whenPublishingA(reserved("p-3", 3))
                .expectDispatchedCommands(release("p-3"))
                .expectNoScheduledEvent(RESERVATION_TIMEOUT, RESERVATION_DEADLINE)
                // until the releases and the cancellation are seen done
                .expectActiveSagas(1);
    }

    @Test
    void aLineThatNeverAnswersIsReleasedBlindlyWhenTheGracePeriodEnds() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .andThenAPublished(new StockReservationRejectedEvent("p-2", ORDER, 1, 0))
                .andThenAPublished(released("p-1", 2))
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.OUT_OF_STOCK))
                .whenTimeElapses(RESERVATION_TIMEOUT)
                .expectDispatchedCommands(release("p-3"))
                .expectActiveSagas(0);
    }

    @Test
    void everyLineRejectedCancelsWithNothingToRelease() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(new StockReservationRejectedEvent("p-1", ORDER, 2, 0))
                .andThenAPublished(new StockReservationRejectedEvent("p-2", ORDER, 1, 0))
                .andThenAPublished(new StockReservationRejectedEvent("p-3", ORDER, 3, 1))
                .whenPublishingA(new OrderCancelledEvent(ORDER, CancellationReason.OUT_OF_STOCK))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledEvents();
    }

    // --- payment failures ---------------------------------------------------------------------------------------

    @Test
    void aDeclinedPaymentReleasesEverythingAndCancelsAsDeclined() throws Exception {
        givenEveryLineReserved()
                .whenPublishingA(new PaymentFailedEvent(PAYMENT, ORDER, TOTAL, PaymentFailureReason.DECLINED,
                        "card_declined"))
                .expectDispatchedCommands(release("p-1"), release("p-2"), release("p-3"),
                        new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_DECLINED))
                .expectActiveSagas(1)
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE);
    }

    @Test
    void aCompensationSeenDoneEndsTheSaga() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(new PaymentFailedEvent(PAYMENT, ORDER, TOTAL, PaymentFailureReason.DECLINED,
                        "card_declined"))
                .andThenAPublished(released("p-1", 2))
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_DECLINED))
                .andThenAPublished(released("p-3", 3))
                .whenPublishingA(released("p-2", 1))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledEvents();
    }

    @Test
    void whatACompensationHasNotSeenDoneBySettlementDeadlineIsSentAgain() throws Exception {
        // the command side was down for longer than the gateway's retries: the saga must not forget the stock
        givenEveryLineReserved()
                .andThenAPublished(new PaymentFailedEvent(PAYMENT, ORDER, TOTAL, PaymentFailureReason.DECLINED,
                        "card_declined"))
                .andThenAPublished(released("p-2", 1))
                .whenTimeElapses(SETTLEMENT_RETRY)
                .expectDispatchedCommands(release("p-1"), release("p-3"),
                        new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_DECLINED))
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    /** No longer emitted (an outage leaves the payment pending), but stored for orders in flight across the upgrade. */
    @Test
    void aStoredUnavailableFailureStillReleasesEverythingAndCancelsAsUnavailable() throws Exception {
        givenEveryLineReserved()
                .whenPublishingA(new PaymentFailedEvent(PAYMENT, ORDER, TOTAL, PaymentFailureReason.UNAVAILABLE,
                        "circuit breaker 'payment-provider' is open"))
                .expectDispatchedCommands(release("p-1"), release("p-2"), release("p-3"),
                        new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_UNAVAILABLE))
                .expectActiveSagas(1)
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE);
    }

    // --- provider unavailable ------------------------------------------------------------------------------------

    @Test
    void aPaymentAwaitingTheProviderKeepsTheOrderAndItsStockUnderThePaymentDeadline() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(awaitingProvider(ProviderOperation.CHARGE, 1))
                .whenPublishingA(awaitingProvider(ProviderOperation.CHARGE, 2))
                .expectNoDispatchedCommands()
                .expectScheduledEvent(PAYMENT_TIMEOUT, PAYMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void aPaymentThatSucceedsAfterTheProviderWasBackConfirmsTheOrder() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(awaitingProvider(ProviderOperation.CHARGE, 1))
                .andThenTimeElapses(PAYMENT_TIMEOUT.minusSeconds(1))
                .whenPublishingA(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER))
                .expectNoScheduledEvent(Duration.ofSeconds(1), PAYMENT_DEADLINE);
    }

    @Test
    void thePaymentDeadlineWhileTheProviderIsUnavailableCancelsAsUnavailableAndStopsThePayment() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(STOCK_MARKED)
                .andThenAPublished(awaitingProvider(ProviderOperation.CHARGE, 1))
                .whenTimeElapses(PAYMENT_TIMEOUT)
                .expectDispatchedCommands(release("p-1"), release("p-2"), release("p-3"),
                        new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_UNAVAILABLE), CANCEL_PAYMENT)
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void aRefundAwaitingTheProviderIsNoReasonToCancel() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(STOCK_MARKED)
                .andThenAPublished(awaitingProvider(ProviderOperation.REFUND, 1))
                .whenTimeElapses(PAYMENT_TIMEOUT)
                .expectDispatchedCommands(release("p-1"), release("p-2"), release("p-3"),
                        new CancelOrderCommand(ORDER, CancellationReason.TIMEOUT), CANCEL_PAYMENT);
    }

    @Test
    void theCancelledPaymentAndTheSettledCompensationEndTheSaga() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(awaitingProvider(ProviderOperation.CHARGE, 1))
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(released("p-1", 2))
                .andThenAPublished(released("p-2", 1))
                .andThenAPublished(released("p-3", 3))
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_UNAVAILABLE))
                .whenPublishingA(PAYMENT_CANCELLED)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledEvents();
    }

    @Test
    void aPaymentCancellationNotSeenByTheSettlementDeadlineIsSentAgain() throws Exception {
        givenEveryLineReserved()
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(released("p-1", 2))
                .andThenAPublished(released("p-2", 1))
                .andThenAPublished(released("p-3", 3))
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.TIMEOUT))
                .whenTimeElapses(SETTLEMENT_RETRY)
                .expectDispatchedCommands(CANCEL_PAYMENT)
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void aPaymentThatSucceededBeforeItsCancellationArrivedIsRefundedByTheSaga() throws Exception {
        // the payment was charged just before CancelPayment reached it: it is left as it is, and the saga refunds it
        givenEveryLineReserved()
                .andThenAPublished(awaitingProvider(ProviderOperation.CHARGE, 1))
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .whenPublishingA(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_late"))
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectScheduledEvent(REFUND_RETRY, REFUND_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void theDefaultPaymentDeadlineIsAboutTenMinutes() {
        org.assertj.core.api.Assertions.assertThat(new FulfilmentSettings(null, null, null, null).paymentTimeout())
                .isEqualTo(Duration.ofMinutes(10));
    }

    // --- timeouts -----------------------------------------------------------------------------------------------

    @Test
    void aReservationTimeoutReleasesWhatWasReservedAndCancelsWithTimeout() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                // until then the lines not answered are sent again at each settlement deadline
                .andThenTimeElapses(RESERVATION_TIMEOUT.minusSeconds(1))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectDispatchedCommands(release("p-1"), new CancelOrderCommand(ORDER, CancellationReason.TIMEOUT))
                .expectActiveSagas(1)
                .expectScheduledEvent(RESERVATION_TIMEOUT, RESERVATION_DEADLINE);
    }

    @Test
    void aReservationThatArrivesAfterTheTimeoutIsReleased() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .andThenTimeElapses(RESERVATION_TIMEOUT)
                .andThenAPublished(released("p-1", 2))
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.TIMEOUT))
                .andThenAPublished(reserved("p-2", 1))
                .andThenAPublished(released("p-2", 1))
                .whenPublishingA(new StockReservationRejectedEvent("p-3", ORDER, 3, 0))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledEvents();
    }

    @Test
    void aPaymentTimeoutReleasesCancelsAndWaitsForTheOutcome() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(STOCK_MARKED)
                // until then the payment request is sent again at each settlement deadline
                .andThenTimeElapses(PAYMENT_TIMEOUT.minusSeconds(1))
                .whenTimeElapses(Duration.ofSeconds(1))
                // nothing heard from the payment at all: TIMEOUT; the payment is told to stop charging
                .expectDispatchedCommands(release("p-1"), release("p-2"), release("p-3"),
                        new CancelOrderCommand(ORDER, CancellationReason.TIMEOUT), CANCEL_PAYMENT)
                // A charge may still land: the saga must be there to refund it.
                .expectActiveSagas(1);
    }

    @Test
    void aPaymentThatSucceedsAfterThePaymentTimeoutIsRefunded() throws Exception {
        givenEveryLineReserved()
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.TIMEOUT))
                .whenPublishingA(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_late"))
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, ORDER))
                // owed until the refund is confirmed
                .expectActiveSagas(1)
                .expectScheduledEvent(REFUND_RETRY, REFUND_DEADLINE);
    }

    @Test
    void theConfirmedRefundEndsTheSaga() throws Exception {
        givenEveryLineReserved()
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(released("p-1", 2))
                .andThenAPublished(released("p-2", 1))
                .andThenAPublished(released("p-3", 3))
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.TIMEOUT))
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_late"))
                .whenPublishingA(REFUNDED)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledEvents();
    }

    @Test
    void aRefundNotConfirmedByItsDeadlineIsSentAgain() throws Exception {
        givenEveryLineReserved()
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(released("p-1", 2))
                .andThenAPublished(released("p-2", 1))
                .andThenAPublished(released("p-3", 3))
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.TIMEOUT))
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_late"))
                .whenTimeElapses(REFUND_RETRY)
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectScheduledEvent(REFUND_RETRY, REFUND_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void aPaymentThatFailsAfterThePaymentTimeoutJustEndsTheSaga() throws Exception {
        givenEveryLineReserved()
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(released("p-1", 2))
                .andThenAPublished(released("p-2", 1))
                .andThenAPublished(released("p-3", 3))
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.TIMEOUT))
                .whenPublishingA(new PaymentFailedEvent(PAYMENT, ORDER, TOTAL, PaymentFailureReason.UNAVAILABLE,
                        "no answer"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void aDeadlineThatFiresAfterItsStepCompletedIsIgnored() throws Exception {
        givenEveryLineReserved()
                .whenPublishingA(RESERVATION_DEADLINE)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    // --- customer cancellation ----------------------------------------------------------------------------------

    @Test
    void aCustomerCancellationWhileReservingReleasesWhatIsReservedWithoutCancellingAgain() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .whenPublishingA(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectDispatchedCommands(release("p-1"))
                .expectActiveSagas(1);
    }

    @Test
    void aCustomerCancellationWhilePayingReleasesAndWaitsForThePayment() throws Exception {
        givenEveryLineReserved()
                .whenPublishingA(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectDispatchedCommands(release("p-1"), release("p-2"), release("p-3"), CANCEL_PAYMENT)
                .expectNoScheduledEvent(PAYMENT_TIMEOUT, PAYMENT_DEADLINE)
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void aPaymentThatSucceedsAfterTheCustomerCancelledIsRefunded() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .whenPublishingA(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_late"))
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, ORDER))
                .expectScheduledEvent(REFUND_RETRY, REFUND_DEADLINE)
                .expectActiveSagas(1);
    }

    /**
     * Refused for good only when the order was cancelled: nothing is decided on the refusal itself, the cancellation's
     * event (next test) releases the stock and owes the refund; until it comes the confirmation stays owed.
     */
    @Test
    void aRefusedConfirmationIsOwedNotAnsweredWithAOneShotRefund() throws Exception {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ConfirmOrderCommand) {
                throw new IllegalStateException("order order-1 is CANCELLED and cannot be confirmed");
            }
            return null;
        });
        givenEveryLineReserved()
                .whenPublishingA(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER))
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void theCancellationSeenAfterAPaymentSucceededReleasesAndRefunds() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .whenPublishingA(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectDispatchedCommands(release("p-1"), release("p-2"), release("p-3"),
                        new RefundPaymentCommand(PAYMENT, ORDER))
                .expectActiveSagas(1);
    }

    @Test
    void aRefundAfterARefusedConfirmationWithoutACancellationCancelsTheOrder() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .whenPublishingA(REFUNDED)
                .expectDispatchedCommands(release("p-1"), release("p-2"), release("p-3"),
                        new CancelOrderCommand(ORDER, CancellationReason.TIMEOUT))
                .expectActiveSagas(1)
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE);
    }

    // --- steps forward that get no answer (a saga killed while its gateway retried a send) -----------------------

    @Test
    void aReservationNotAnsweredBeforeTheSettlementDeadlineIsSentAgain() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .whenTimeElapses(SETTLEMENT_RETRY)
                .expectDispatchedCommands(new ReserveStockCommand("p-2", ORDER, 1),
                        new ReserveStockCommand("p-3", ORDER, 3))
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectScheduledEvent(RESERVATION_TIMEOUT.minus(SETTLEMENT_RETRY), RESERVATION_DEADLINE);
    }

    @Test
    void aPaymentRequestAndAStockMarkNotAnsweredAreSentAgain() throws Exception {
        givenEveryLineReserved()
                .whenTimeElapses(SETTLEMENT_RETRY)
                .expectDispatchedCommands(new MarkOrderStockReservedCommand(ORDER), PAY)
                .expectScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE);
    }

    @Test
    void aPaymentThatReportedAnythingIsNotRequestedAgain() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(STOCK_MARKED)
                .andThenAPublished(awaitingProvider(ProviderOperation.CHARGE, 1))
                .whenTimeElapses(SETTLEMENT_RETRY)
                .expectNoDispatchedCommands()
                .expectNoScheduledEvent(SETTLEMENT_RETRY, SETTLEMENT_DEADLINE)
                .expectScheduledEvent(PAYMENT_TIMEOUT.minus(SETTLEMENT_RETRY), PAYMENT_DEADLINE);
    }

    // --- failed command sends -----------------------------------------------------------------------------------

    @Test
    void aReservationThatCannotBeSentBringsTheReservationDeadlineForward() throws Exception {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ReserveStockCommand reserve && reserve.productId().equals("p-2")) {
                throw new org.axonframework.commandhandling.NoHandlerForCommandException("no inventory handler");
            }
            return null;
        });
        fixture.givenNoPriorActivity()
                .whenPublishingA(PLACED)
                .expectScheduledEvent(Duration.ZERO, RESERVATION_DEADLINE)
                .expectNoScheduledEvent(RESERVATION_TIMEOUT, RESERVATION_DEADLINE);
    }

    @Test
    void aPaymentThatCannotBeSentBringsThePaymentDeadlineForward() throws Exception {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ProcessPaymentCommand) {
                throw new org.axonframework.commandhandling.NoHandlerForCommandException("no payment adapter");
            }
            return null;
        });
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .andThenAPublished(reserved("p-2", 1))
                .whenPublishingA(reserved("p-3", 3))
                .expectDispatchedCommands(new MarkOrderStockReservedCommand(ORDER), PAY)
                .expectScheduledEvent(Duration.ZERO, PAYMENT_DEADLINE)
                .expectNoScheduledEvent(PAYMENT_TIMEOUT, PAYMENT_DEADLINE);
    }

    @Test
    void aRedeliveredOrderPlacedEventStartsNothingAgain() throws Exception {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(reserved("p-1", 2))
                .whenPublishingA(PLACED)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1)
                .expectScheduledEvent(RESERVATION_TIMEOUT, RESERVATION_DEADLINE);
    }

    @Test
    void duplicateEventsChangeNothing() throws Exception {
        givenEveryLineReserved()
                .andThenAPublished(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .whenPublishingA(new PaymentSucceededEvent(PAYMENT, ORDER, TOTAL, "ch_1"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }
}
