package io.axoncommerce.saga.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderDeadlineExpiredEvent;
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
import io.axoncommerce.api.payment.ProviderOperation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.axonframework.eventhandling.scheduling.ScheduleToken;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;

/**
 * Drives one order: reserve every line, then pay, then confirm and commit the stock; compensates every failure.
 * <pre>
 * OrderPlaced -> ReserveStock per line                      [deadline STOCK_RESERVATION]
 * all StockReserved -> MarkOrderStockReserved + ProcessPayment  [deadline PAYMENT]
 * PaymentSucceeded -> ConfirmOrder;  OrderConfirmed -> CommitStock per line;  every StockCommitted -> end
 * </pre>
 * Compensation ({@link #compensate}): release what is reserved, cancel the order with the reason, stop a payment still
 * pending ({@link CancelPaymentCommand}), refund a payment that succeeded. After a cancellation the saga stays until
 * nothing is outstanding: a reservation that lands later is released (waiting at most one more reservation period), a
 * payment that lands later is refunded, and a refund is sent again on its REFUND deadline until
 * {@link PaymentRefundedEvent} confirms it.
 * <p>
 * A payment provider that is unavailable is not a refusal: the payment adapter keeps the payment pending and retries
 * it ({@link PaymentAwaitingProviderEvent}), and the order keeps its stock. Only when the PAYMENT deadline passes
 * (about ten minutes, {@link FulfilmentSettings#paymentTimeout()}) is the order cancelled, with
 * {@code PAYMENT_UNAVAILABLE} if the provider was reported unavailable and {@code TIMEOUT} if nothing was heard at all.
 * <p>
 * Every command is owed, not just sent: each stays outstanding until its event arrives, and the SETTLEMENT deadline
 * sends whatever is still outstanding again. That covers the steps forward (a reservation not answered yet while
 * reserving, {@link MarkOrderStockReservedCommand} until {@link OrderStockReservedEvent}, the payment request until the
 * payment reports anything) and the settling commands (confirm, release, commit, cancel, cancel the payment, until
 * {@link OrderConfirmedEvent}, {@link StockReleasedEvent}, {@link StockCommittedEvent}, {@link OrderCancelledEvent} or
 * the payment's outcome). The gateway's retries live in memory only: a saga killed while a send is being retried has
 * stored its state and its token, so without the deadline that command would be lost, and the order would wait for its
 * step's deadline and be cancelled although nothing was refused. A confirmation can be refused for good only when the
 * order was cancelled, and then the cancellation's event turns the saga to compensation, which owes the refund. A
 * send can fail for longer than the gateway retries (the command side restarting), and the saga would otherwise end
 * with stock reserved for ever or an order left open. {@link OrderCommands} sends them.
 * <p>
 * Deadlines are events scheduled through Axon's {@link EventScheduler} (Axon Server persists them), so they survive a
 * restart. Commands go through a gateway that retries transient failures with back-off; a send that still fails
 * brings the step's deadline forward, so the failure is compensated inside the saga like a timeout.
 * <p>
 * Every handler checks the phase, so duplicate or late events (and a deadline that fires after its step completed)
 * are harmless.
 * <p>
 * The saga is stored as JSON (Jackson) in the saga store. Its bookkeeping lives in {@link Reservations},
 * {@link Settlement} and {@link Deadlines}, unwrapped into the saga's JSON, so the stored document keeps the flat
 * shape earlier versions wrote and a saga in flight loads across an upgrade (or a rollback).
 */
@Saga
@ProcessingGroup(OrderFulfilmentSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class OrderFulfilmentSaga {

    public static final String PROCESSING_GROUP = "order-fulfilment-saga";
    private static final String ORDER_ID = "orderId";
    private static final Logger log = LoggerFactory.getLogger(OrderFulfilmentSaga.class);

    enum Phase { RESERVING, PAYING, CONFIRMING, COMMITTING, CANCELLING }

    enum Payment { NOT_REQUESTED, REQUESTED, SUCCEEDED, FAILED, REFUND_REQUESTED, REFUNDED, CANCELLED }

    @Autowired
    @JsonIgnore
    private transient CommandGateway commandGateway;
    @Autowired
    @JsonIgnore
    private transient EventScheduler eventScheduler;
    @Autowired
    @JsonIgnore
    private transient FulfilmentSettings settings;

    private String orderId;
    private String customerId;
    private String paymentToken;
    private Money total;
    @JsonUnwrapped
    private Reservations reservations = new Reservations();
    /** Commands sent whose event has not arrived yet. */
    @JsonUnwrapped
    private Settlement settlement = new Settlement();
    /** The payment adapter reported the provider unavailable for this order's payment: its deadline means that. */
    private boolean providerUnavailable;
    private Phase phase;
    private Payment payment = Payment.NOT_REQUESTED;
    private CancellationReason cancellation;
    @JsonUnwrapped
    private Deadlines deadlines = Deadlines.NONE;

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderPlacedEvent event) {
        if (phase != null) {
            // Redelivered (the saga and the processor's token are not stored atomically): already started.
            return;
        }
        orderId = event.orderId();
        customerId = event.customerId();
        paymentToken = event.paymentToken();
        total = event.total();
        reservations.place(event.lines());
        phase = Phase.RESERVING;
        arm(OrderStep.STOCK_RESERVATION);
        Runnable expireReservation = expireNow(OrderStep.STOCK_RESERVATION);
        reservations.lines().keySet().forEach(productId -> sendReservation(productId, expireReservation));
        awaitSettlement();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(StockReservedEvent event) {
        String productId = event.productId();
        if (!reservations.reserve(productId)) {
            return;
        }
        if (phase == Phase.CANCELLING) {
            release(productId);
            endIfNothingOutstanding();
        } else if (phase == Phase.RESERVING && reservations.allReserved()) {
            disarm(OrderStep.STOCK_RESERVATION);
            phase = Phase.PAYING;
            payment = Payment.REQUESTED;
            arm(OrderStep.PAYMENT);
            Runnable expirePayment = expireNow(OrderStep.PAYMENT);
            settlement.oweStockMark(true);
            settlement.owePaymentRequest(true);
            commands().markStockReserved(expirePayment);
            commands().requestPayment(customerId, total, paymentToken, expirePayment);
            awaitSettlement();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderStockReservedEvent event) {
        settlement.oweStockMark(false);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(StockReservationRejectedEvent event) {
        if (!reservations.reject(event.productId())) {
            return;
        }
        if (phase == Phase.RESERVING) {
            compensate(CancellationReason.OUT_OF_STOCK, true);
        } else {
            endIfNothingOutstanding();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(PaymentSucceededEvent event) {
        if (payment != Payment.REQUESTED) {
            // CANCELLED included: a charge that lands after the payment was cancelled is refunded by the payment
            return;
        }
        payment = Payment.SUCCEEDED;
        settlement.owePaymentRequest(false);
        settlement.owePaymentCancellation(false);
        if (phase == Phase.PAYING) {
            disarm(OrderStep.PAYMENT);
            phase = Phase.CONFIRMING;
            // The order may have been cancelled meanwhile (its event not seen here yet): then confirming is refused,
            // and the cancellation event that follows releases the stock and owes the refund.
            settlement.oweConfirmation(true);
            commands().confirm();
            awaitSettlement();
        } else if (phase == Phase.CANCELLING) {
            refund();
            endIfNothingOutstanding();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(PaymentFailedEvent event) {
        if (payment != Payment.REQUESTED) {
            return;
        }
        payment = Payment.FAILED;
        settlement.owePaymentRequest(false);
        settlement.owePaymentCancellation(false);
        if (phase == Phase.PAYING) {
            // UNAVAILABLE is no longer emitted; a stored one (an order in flight across the upgrade) still cancels
            compensate(event.reason() == PaymentFailureReason.DECLINED
                    ? CancellationReason.PAYMENT_DECLINED : CancellationReason.PAYMENT_UNAVAILABLE, true);
        } else {
            endIfNothingOutstanding();
        }
    }

    /**
     * The provider is unavailable: nothing to do but wait, with the stock reserved, while the payment adapter retries.
     * Remembered so that the PAYMENT deadline, if it comes first, names the reason.
     */
    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(PaymentAwaitingProviderEvent event) {
        settlement.owePaymentRequest(false);
        if (event.operation() == ProviderOperation.CHARGE && payment == Payment.REQUESTED && !providerUnavailable) {
            providerUnavailable = true;
            log.info("order {}: payment provider unavailable ({}); the payment is retried until the payment deadline",
                    orderId, event.detail());
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(PaymentCancelledEvent event) {
        if (payment != Payment.REQUESTED) {
            return;
        }
        payment = Payment.CANCELLED;
        settlement.owePaymentRequest(false);
        settlement.owePaymentCancellation(false);
        endIfNothingOutstanding();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(PaymentRefundedEvent event) {
        if (payment == Payment.REFUND_REQUESTED) {
            payment = Payment.REFUNDED;
            disarm(OrderStep.REFUND);
            endIfNothingOutstanding();
        } else if (payment == Payment.SUCCEEDED && phase == Phase.CONFIRMING) {
            // A refund sent by an earlier version of this saga, which refunded at once when the confirmation was
            // refused: the order cannot be confirmed any more (its payment is gone), so it is cancelled and its stock
            // released.
            payment = Payment.REFUNDED;
            compensate(CancellationReason.TIMEOUT, true);
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderConfirmedEvent event) {
        if (phase != Phase.CONFIRMING) {
            return;
        }
        settlement.oweConfirmation(false);
        // Committed only once the order is confirmed: a confirmation that fails must leave the stock releasable.
        phase = Phase.COMMITTING;
        settlement.oweCommits(reservations.lines().keySet());
        settlement.commits().forEach(commands()::commit);
        awaitSettlement();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(StockCommittedEvent event) {
        if (settlement.committed(event.productId()) && settlement.commits().isEmpty()) {
            disarm(OrderStep.SETTLEMENT);
            SagaLifecycle.end();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(StockReleasedEvent event) {
        if (settlement.released(event.productId())) {
            endIfNothingOutstanding();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderCancelledEvent event) {
        if (phase == Phase.CANCELLING) {
            settlement.oweCancellation(false);
            endIfNothingOutstanding();
            return;
        }
        // Cancelled from outside the saga (the customer) or by a compensation sent from a failed command.
        compensate(event.reason(), false);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderDeadlineExpiredEvent event) {
        // fired: nothing left to cancel
        deadlines = deadlines.with(event.step(), null);
        if (event.step() == OrderStep.STOCK_RESERVATION) {
            if (phase == Phase.RESERVING) {
                compensate(CancellationReason.TIMEOUT, true);
            } else if (phase == Phase.CANCELLING) {
                // The grace period is over: whatever never answered is released blindly. A no-op if it was never
                // reserved, and then no event follows, so this release is not waited for; a reservation that still
                // lands while the saga lives is released (and waited for) like any other.
                reservations.unanswered().forEach(productId -> {
                    reservations.abandon(productId);
                    commands().release(productId);
                });
                endIfNothingOutstanding();
            }
        } else if (event.step() == OrderStep.PAYMENT) {
            if (phase == Phase.PAYING) {
                compensate(providerUnavailable ? CancellationReason.PAYMENT_UNAVAILABLE : CancellationReason.TIMEOUT,
                        true);
            }
        } else if (event.step() == OrderStep.REFUND) {
            if (payment == Payment.REFUND_REQUESTED) {
                log.warn("order {}: payment not refunded yet, sending the refund again", orderId);
                refund();
            }
        } else if (event.step() == OrderStep.SETTLEMENT) {
            if (stepForwardOutstanding()) {
                sendStepsForwardAgain();
            }
            if (settlement.owesSettling()) {
                sendSettlingAgain();
            }
        }
    }

    private void sendStepsForwardAgain() {
        log.warn("order {}: no answer yet (reservations {}, stock mark {}, payment request {}), sending again", orderId,
                phase == Phase.RESERVING ? reservations.unanswered() : List.of(), settlement.owesStockMark(),
                settlement.owesPaymentRequest());
        // a send that fails again is sent at the next deadline, until the step's own deadline gives up
        Runnable nextDeadline = () -> { };
        if (phase == Phase.RESERVING) {
            reservations.unanswered().forEach(productId -> sendReservation(productId, nextDeadline));
        }
        if (settlement.owesStockMark()) {
            commands().markStockReserved(nextDeadline);
        }
        if (settlement.owesPaymentRequest()) {
            commands().requestPayment(customerId, total, paymentToken, nextDeadline);
        }
        awaitSettlement();
    }

    private void sendSettlingAgain() {
        log.warn("order {}: not settled yet ({}), sending again", orderId, settlement);
        if (settlement.owesConfirmation()) {
            commands().confirm();
        }
        settlement.releases().forEach(commands()::release);
        settlement.commits().forEach(commands()::commit);
        if (settlement.owesCancellation()) {
            commands().cancel(cancellation);
        }
        if (settlement.owesPaymentCancellation()) {
            commands().cancelPayment();
        }
        awaitSettlement();
    }

    private void compensate(CancellationReason reason, boolean cancelOrder) {
        phase = Phase.CANCELLING;
        settlement.oweConfirmation(false);
        settlement.oweStockMark(false);
        settlement.owePaymentRequest(false);
        // what was owed going forward is given up; what compensation sends now gets a full settlement period
        disarm(OrderStep.SETTLEMENT);
        cancellation = reason;
        log.info("order {}: compensating, reason {}", orderId, reason);
        disarm(OrderStep.PAYMENT);
        reservations.reserved().forEach(this::release);
        if (cancelOrder) {
            settlement.oweCancellation(true);
            commands().cancel(cancellation);
            awaitSettlement();
        }
        if (payment == Payment.SUCCEEDED) {
            refund();
        } else if (payment == Payment.REQUESTED && !settlement.owesPaymentCancellation()) {
            // the order is given up: the payment must not charge any more (a charge already under way is refunded by
            // the payment itself, or by this saga if its success arrives before the cancellation)
            settlement.owePaymentCancellation(true);
            commands().cancelPayment();
            awaitSettlement();
        }
        if (reservations.unanswered().isEmpty()) {
            disarm(OrderStep.STOCK_RESERVATION);
        } else if (!deadlines.armed(OrderStep.STOCK_RESERVATION)) {
            // the grace period for reservations that have not answered yet
            arm(OrderStep.STOCK_RESERVATION);
        }
        endIfNothingOutstanding();
    }

    private void endIfNothingOutstanding() {
        if (phase == Phase.CANCELLING && reservations.unanswered().isEmpty()) {
            // every line answered: the grace period for late reservations is over even if the saga still waits
            disarm(OrderStep.STOCK_RESERVATION);
        }
        if (phase != Phase.CANCELLING || !reservations.unanswered().isEmpty() || payment == Payment.REQUESTED
                || payment == Payment.SUCCEEDED || payment == Payment.REFUND_REQUESTED || settlement.owesSettling()) {
            return;
        }
        deadlines.armedSteps().forEach(this::disarm);
        SagaLifecycle.end();
    }

    /**
     * A step forward sent and not answered yet. Only while the saga goes forward: once it compensates, a reservation
     * that never answers is covered by the grace period, and the payment by its cancellation.
     */
    private boolean stepForwardOutstanding() {
        return (phase == Phase.RESERVING && !reservations.unanswered().isEmpty())
                || ((phase == Phase.PAYING || phase == Phase.CONFIRMING) && settlement.owesStockMark())
                || (phase == Phase.PAYING && settlement.owesPaymentRequest());
    }

    /** Arms the SETTLEMENT deadline unless it is armed: one timer serves every outstanding command. */
    private void awaitSettlement() {
        if (!deadlines.armed(OrderStep.SETTLEMENT)) {
            arm(OrderStep.SETTLEMENT);
        }
    }

    /** Releases a reservation the saga saw made, and waits for its {@link StockReleasedEvent}. */
    private void release(String productId) {
        if (reservations.release(productId)) {
            settlement.oweRelease(productId);
            commands().release(productId);
            awaitSettlement();
        }
    }

    private void sendReservation(String productId, Runnable onFailure) {
        commands().reserve(productId, reservations.lines().get(productId), onFailure);
    }

    /** Owes the customer a refund until {@link PaymentRefundedEvent}: the REFUND deadline sends it again. */
    private void refund() {
        payment = Payment.REFUND_REQUESTED;
        disarm(OrderStep.REFUND);
        arm(OrderStep.REFUND);
        commands().refund();
    }

    private void arm(OrderStep step) {
        deadlines = deadlines.with(step,
                eventScheduler.schedule(settings.deadline(step), new OrderDeadlineExpiredEvent(orderId, step)));
    }

    private void disarm(OrderStep step) {
        ScheduleToken token = deadlines.of(step);
        deadlines = deadlines.with(step, null);
        if (token == null) {
            return;
        }
        try {
            eventScheduler.cancelSchedule(token);
        } catch (RuntimeException e) {
            // A deadline that already fired (or was brought forward) has nothing left to cancel; the handlers ignore
            // it when it arrives.
            log.debug("order {}: deadline {} not cancelled: {}", orderId, token, e.toString());
        }
    }

    /**
     * A step's command could not be delivered even after the gateway's retries: fire the step's (armed) deadline now.
     * Runs in the command's callback, outside the saga's unit of work, so it only touches values captured here.
     */
    private Runnable expireNow(OrderStep step) {
        EventScheduler scheduler = eventScheduler;
        ScheduleToken token = deadlines.of(step);
        OrderDeadlineExpiredEvent expired = new OrderDeadlineExpiredEvent(orderId, step);
        return () -> scheduler.reschedule(token, Duration.ZERO, expired);
    }

    private OrderCommands commands() {
        return new OrderCommands(commandGateway, orderId);
    }
}
