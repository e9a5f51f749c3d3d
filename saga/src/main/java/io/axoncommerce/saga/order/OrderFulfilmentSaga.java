package io.axoncommerce.saga.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
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
import io.axoncommerce.api.payment.PaymentId;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.ProviderOperation;
import io.axoncommerce.api.payment.RefundPaymentCommand;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

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
 * step's deadline and be cancelled although nothing was refused. A confirmation can be refused for good only when the order was cancelled, and then the
 * cancellation's event turns the saga to compensation, which owes the refund. A send can fail for longer than the
 * gateway retries (the command
 * side restarting), and the saga would otherwise end with stock reserved for ever or an order left open.
 * <p>
 * Deadlines are events scheduled through Axon's {@link EventScheduler} (Axon Server persists them), so they survive a
 * restart. Commands go through a gateway that retries transient failures with back-off; a send that still fails
 * brings the step's deadline forward, so the failure is compensated inside the saga like a timeout.
 * <p>
 * Every handler checks the phase, so duplicate or late events (and a deadline that fires after its step completed)
 * are harmless.
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
    // Concrete Linked* types so that Jackson restores them in order: commands go out in the order's line order.
    /** productId -> quantity; one line per product (the order guarantees it). */
    private LinkedHashMap<String, Integer> lines = new LinkedHashMap<>();
    private LinkedHashSet<String> reserved = new LinkedHashSet<>();
    private LinkedHashSet<String> rejected = new LinkedHashSet<>();
    private LinkedHashSet<String> released = new LinkedHashSet<>();
    /** Lines given up on after the grace period: a reservation that never answered. */
    private LinkedHashSet<String> abandoned = new LinkedHashSet<>();
    /** Releases and commits sent whose event has not arrived yet. */
    private LinkedHashSet<String> releasesOutstanding = new LinkedHashSet<>();
    private LinkedHashSet<String> commitsOutstanding = new LinkedHashSet<>();
    /** The saga's own cancellation, sent and not yet seen as {@link OrderCancelledEvent}. */
    private boolean cancellationOutstanding;
    /** The confirmation of a paid order, sent and not yet seen as {@link OrderConfirmedEvent}. */
    private boolean confirmationOutstanding;
    /**
     * The pending payment's cancellation, sent and its outcome not yet seen ({@link PaymentCancelledEvent}, or a
     * success or failure that came first).
     */
    private boolean paymentCancellationOutstanding;
    /** {@link MarkOrderStockReservedCommand} sent and its {@link OrderStockReservedEvent} not seen yet. */
    private boolean stockMarkOutstanding;
    /** {@link ProcessPaymentCommand} sent and nothing heard from the payment yet. */
    private boolean paymentRequestOutstanding;
    /** The payment adapter reported the provider unavailable for this order's payment: its deadline means that. */
    private boolean providerUnavailable;
    private Phase phase;
    private Payment payment = Payment.NOT_REQUESTED;
    private CancellationReason cancellation;
    // The token's class depends on the scheduler (Axon Server's or the test stub), so it is recorded with the value.
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    private ScheduleToken reservationDeadline;
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    private ScheduleToken paymentDeadline;
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    private ScheduleToken refundDeadline;
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    private ScheduleToken settlementDeadline;

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
        for (OrderLine line : event.lines()) {
            lines.put(line.productId(), line.quantity());
        }
        phase = Phase.RESERVING;
        reservationDeadline = schedule(settings.reservationTimeout(), OrderStep.STOCK_RESERVATION);
        Runnable expireReservation = expireNow(reservationDeadline, OrderStep.STOCK_RESERVATION);
        lines.keySet().forEach(productId -> sendReservation(productId, expireReservation));
        awaitSettlement();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(StockReservedEvent event) {
        String productId = event.productId();
        if (!lines.containsKey(productId) || !reserved.add(productId)) {
            return;
        }
        if (phase == Phase.CANCELLING) {
            release(productId);
            endIfNothingOutstanding();
        } else if (phase == Phase.RESERVING && reserved.containsAll(lines.keySet())) {
            cancel(reservationDeadline);
            reservationDeadline = null;
            phase = Phase.PAYING;
            payment = Payment.REQUESTED;
            paymentDeadline = schedule(settings.paymentTimeout(), OrderStep.PAYMENT);
            Runnable expirePayment = expireNow(paymentDeadline, OrderStep.PAYMENT);
            stockMarkOutstanding = true;
            paymentRequestOutstanding = true;
            sendStockMark(expirePayment);
            sendPaymentRequest(expirePayment);
            awaitSettlement();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderStockReservedEvent event) {
        stockMarkOutstanding = false;
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(StockReservationRejectedEvent event) {
        if (!lines.containsKey(event.productId()) || !rejected.add(event.productId())) {
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
        paymentRequestOutstanding = false;
        paymentCancellationOutstanding = false;
        if (phase == Phase.PAYING) {
            cancel(paymentDeadline);
            paymentDeadline = null;
            phase = Phase.CONFIRMING;
            // The order may have been cancelled meanwhile (its event not seen here yet): then confirming is refused,
            // and the cancellation event that follows releases the stock and owes the refund.
            confirmationOutstanding = true;
            sendConfirmation();
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
        paymentRequestOutstanding = false;
        paymentCancellationOutstanding = false;
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
        paymentRequestOutstanding = false;
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
        paymentRequestOutstanding = false;
        paymentCancellationOutstanding = false;
        endIfNothingOutstanding();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(PaymentRefundedEvent event) {
        if (payment == Payment.REFUND_REQUESTED) {
            payment = Payment.REFUNDED;
            cancel(refundDeadline);
            refundDeadline = null;
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
        confirmationOutstanding = false;
        // Committed only once the order is confirmed: a confirmation that fails must leave the stock releasable.
        phase = Phase.COMMITTING;
        commitsOutstanding.addAll(lines.keySet());
        commitsOutstanding.forEach(this::sendCommit);
        awaitSettlement();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(StockCommittedEvent event) {
        if (commitsOutstanding.remove(event.productId()) && commitsOutstanding.isEmpty()) {
            cancel(settlementDeadline);
            settlementDeadline = null;
            SagaLifecycle.end();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(StockReleasedEvent event) {
        if (releasesOutstanding.remove(event.productId())) {
            endIfNothingOutstanding();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderCancelledEvent event) {
        if (phase == Phase.CANCELLING) {
            cancellationOutstanding = false;
            endIfNothingOutstanding();
            return;
        }
        // Cancelled from outside the saga (the customer) or by a compensation sent from a failed command.
        compensate(event.reason(), false);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    public void on(OrderDeadlineExpiredEvent event) {
        if (event.step() == OrderStep.STOCK_RESERVATION) {
            reservationDeadline = null;
            if (phase == Phase.RESERVING) {
                compensate(CancellationReason.TIMEOUT, true);
            } else if (phase == Phase.CANCELLING) {
                // The grace period is over: whatever never answered is released blindly. A no-op if it was never
                // reserved, and then no event follows, so this release is not waited for; a reservation that still
                // lands while the saga lives is released (and waited for) like any other.
                unsettledLines().forEach(productId -> {
                    abandoned.add(productId);
                    sendRelease(productId);
                });
                endIfNothingOutstanding();
            }
        } else if (event.step() == OrderStep.PAYMENT) {
            paymentDeadline = null;
            if (phase == Phase.PAYING) {
                compensate(providerUnavailable ? CancellationReason.PAYMENT_UNAVAILABLE : CancellationReason.TIMEOUT,
                        true);
            }
        } else if (event.step() == OrderStep.REFUND) {
            refundDeadline = null;
            if (payment == Payment.REFUND_REQUESTED) {
                log.warn("order {}: payment not refunded yet, sending the refund again", orderId);
                refund();
            }
        } else if (event.step() == OrderStep.SETTLEMENT) {
            settlementDeadline = null;
            if (stepForwardOutstanding()) {
                log.warn("order {}: no answer yet (reservations {}, stock mark {}, payment request {}), sending again",
                        orderId, phase == Phase.RESERVING ? unsettledLines() : List.of(), stockMarkOutstanding,
                        paymentRequestOutstanding);
                // a send that fails again is sent at the next deadline, until the step's own deadline gives up
                Runnable nextDeadline = () -> { };
                if (phase == Phase.RESERVING) {
                    unsettledLines().forEach(productId -> sendReservation(productId, nextDeadline));
                }
                if (stockMarkOutstanding) {
                    sendStockMark(nextDeadline);
                }
                if (paymentRequestOutstanding) {
                    sendPaymentRequest(nextDeadline);
                }
                awaitSettlement();
            }
            if (settlementOutstanding()) {
                log.warn("order {}: not settled yet (confirmation {}, releases {}, commits {}, cancellation {}, "
                        + "payment cancellation {}), sending again", orderId, confirmationOutstanding,
                        releasesOutstanding, commitsOutstanding, cancellationOutstanding,
                        paymentCancellationOutstanding);
                if (confirmationOutstanding) {
                    sendConfirmation();
                }
                releasesOutstanding.forEach(this::sendRelease);
                commitsOutstanding.forEach(this::sendCommit);
                if (cancellationOutstanding) {
                    sendCancellation();
                }
                if (paymentCancellationOutstanding) {
                    sendPaymentCancellation();
                }
                awaitSettlement();
            }
        }
    }

    private void compensate(CancellationReason reason, boolean cancelOrder) {
        phase = Phase.CANCELLING;
        confirmationOutstanding = false;
        stockMarkOutstanding = false;
        paymentRequestOutstanding = false;
        // what was owed going forward is given up; what compensation sends now gets a full settlement period
        cancel(settlementDeadline);
        settlementDeadline = null;
        cancellation = reason;
        log.info("order {}: compensating, reason {}", orderId, reason);
        cancel(paymentDeadline);
        paymentDeadline = null;
        reserved.forEach(this::release);
        if (cancelOrder) {
            cancellationOutstanding = true;
            sendCancellation();
            awaitSettlement();
        }
        if (payment == Payment.SUCCEEDED) {
            refund();
        } else if (payment == Payment.REQUESTED && !paymentCancellationOutstanding) {
            // the order is given up: the payment must not charge any more (a charge already under way is refunded by
            // the payment itself, or by this saga if its success arrives before the cancellation)
            paymentCancellationOutstanding = true;
            sendPaymentCancellation();
            awaitSettlement();
        }
        if (unsettledLines().isEmpty()) {
            cancel(reservationDeadline);
            reservationDeadline = null;
        } else if (reservationDeadline == null) {
            reservationDeadline = schedule(settings.reservationTimeout(), OrderStep.STOCK_RESERVATION);
        }
        endIfNothingOutstanding();
    }

    private void endIfNothingOutstanding() {
        if (phase == Phase.CANCELLING && unsettledLines().isEmpty() && reservationDeadline != null) {
            // every line answered: the grace period for late reservations is over even if the saga still waits
            cancel(reservationDeadline);
            reservationDeadline = null;
        }
        if (phase != Phase.CANCELLING || !unsettledLines().isEmpty() || payment == Payment.REQUESTED
                || payment == Payment.SUCCEEDED || payment == Payment.REFUND_REQUESTED || settlementOutstanding()) {
            return;
        }
        cancel(reservationDeadline);
        cancel(paymentDeadline);
        cancel(refundDeadline);
        cancel(settlementDeadline);
        reservationDeadline = null;
        paymentDeadline = null;
        refundDeadline = null;
        settlementDeadline = null;
        SagaLifecycle.end();
    }

    private boolean settlementOutstanding() {
        return confirmationOutstanding || !releasesOutstanding.isEmpty() || !commitsOutstanding.isEmpty()
                || cancellationOutstanding || paymentCancellationOutstanding;
    }

    /**
     * A step forward sent and not answered yet. Only while the saga goes forward: once it compensates, a reservation
     * that never answers is covered by the grace period, and the payment by its cancellation.
     */
    private boolean stepForwardOutstanding() {
        return (phase == Phase.RESERVING && !unsettledLines().isEmpty())
                || ((phase == Phase.PAYING || phase == Phase.CONFIRMING) && stockMarkOutstanding)
                || (phase == Phase.PAYING && paymentRequestOutstanding);
    }

    /** Arms the SETTLEMENT deadline unless it is armed: one timer serves every outstanding settling command. */
    private void awaitSettlement() {
        if (settlementDeadline == null) {
            settlementDeadline = schedule(settings.settlementRetry(), OrderStep.SETTLEMENT);
        }
    }

    private List<String> unsettledLines() {
        return lines.keySet().stream()
                .filter(productId -> !reserved.contains(productId) && !rejected.contains(productId)
                        && !abandoned.contains(productId))
                .toList();
    }

    /** Releases a reservation the saga saw made, and waits for its {@link StockReleasedEvent}. */
    private void release(String productId) {
        if (released.add(productId)) {
            releasesOutstanding.add(productId);
            sendRelease(productId);
            awaitSettlement();
        }
    }

    private void sendReservation(String productId, Runnable onFailure) {
        send(new ReserveStockCommand(productId, orderId, lines.get(productId)), failure -> onFailure.run());
    }

    /** The order's status shows the reservation, and a confirmation requires it. */
    private void sendStockMark(Runnable onFailure) {
        send(new MarkOrderStockReservedCommand(orderId), failure -> onFailure.run());
    }

    private void sendPaymentRequest(Runnable onFailure) {
        send(new ProcessPaymentCommand(PaymentId.forOrder(orderId), orderId, customerId, total, paymentToken),
                failure -> onFailure.run());
    }

    private void sendRelease(String productId) {
        send(new ReleaseStockCommand(productId, orderId), failure -> log.warn(
                "reservation of product {} for order {} not released yet ({}); sent again at the settlement deadline",
                productId, orderId, failure.toString()));
    }

    private void sendCommit(String productId) {
        send(new CommitStockCommand(productId, orderId), failure -> log.warn(
                "stock of product {} for confirmed order {} not committed yet ({}); sent again at the settlement "
                        + "deadline", productId, orderId, failure.toString()));
    }

    private void sendConfirmation() {
        send(new ConfirmOrderCommand(orderId), failure -> log.warn(
                "paid order {} not confirmed yet ({}); sent again at the settlement deadline unless its cancellation "
                        + "arrives", orderId, failure.toString()));
    }

    private void sendCancellation() {
        send(new CancelOrderCommand(orderId, cancellation), failure -> log.warn(
                "order {} not cancelled yet ({}): {}; sent again at the settlement deadline", orderId, cancellation,
                failure.toString()));
    }

    private void sendPaymentCancellation() {
        send(new CancelPaymentCommand(PaymentId.forOrder(orderId), orderId), failure -> log.warn(
                "payment for order {} not cancelled yet ({}); sent again at the settlement deadline", orderId,
                failure.toString()));
    }

    /** Owes the customer a refund until {@link PaymentRefundedEvent}: the REFUND deadline sends it again. */
    private void refund() {
        payment = Payment.REFUND_REQUESTED;
        cancel(refundDeadline);
        refundDeadline = schedule(settings.refundRetry(), OrderStep.REFUND);
        send(new RefundPaymentCommand(PaymentId.forOrder(orderId), orderId), failure ->
                log.warn("payment for order {} not refunded yet ({}); sent again at the refund deadline", orderId,
                        failure.toString()));
    }

    private ScheduleToken schedule(Duration after, OrderStep step) {
        return eventScheduler.schedule(after, new OrderDeadlineExpiredEvent(orderId, step));
    }

    private void cancel(ScheduleToken token) {
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
     * A step's command could not be delivered even after the gateway's retries: fire the step's deadline now. Runs in
     * the command's callback, outside the saga's unit of work, so it only touches values captured here.
     */
    private Runnable expireNow(ScheduleToken token, OrderStep step) {
        EventScheduler scheduler = eventScheduler;
        OrderDeadlineExpiredEvent expired = new OrderDeadlineExpiredEvent(orderId, step);
        return () -> scheduler.reschedule(token, Duration.ZERO, expired);
    }

    private void send(Object command, Consumer<Throwable> onFailure) {
        commandGateway.send(command).whenComplete((result, failure) -> {
            if (failure != null) {
                onFailure.accept(failure);
            }
        });
    }
}
