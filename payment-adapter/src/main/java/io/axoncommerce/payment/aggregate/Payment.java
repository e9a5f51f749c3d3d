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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One payment per order. It decides and records; it never calls the provider, so its lock is never held across a
 * network call. The provider is called by {@code ProviderCalls} (an event handler of this module) on the
 * {@link PaymentRequestedEvent}s and {@link PaymentRefundRequestedEvent}s applied here, which reports every answer
 * back with a command:
 * <pre>
 * ProcessPayment -> PaymentRequested(1) -> [provider] -> RecordChargeApproved -> PaymentSucceeded
 *                                                     -> RecordChargeDeclined -> PaymentFailed(DECLINED)
 *                                                     -> RecordProviderUnavailable(n) -> PaymentAwaitingProvider(n)
 *                       -> [PaymentRetryDue(n+1), scheduled] -> RetryPayment(n+1) -> PaymentRequested(n+1) -> ...
 * RefundPayment -> PaymentRefundRequested(1) -> [provider] -> RecordRefundCompleted -> PaymentRefunded
 *                                                          -> RecordProviderUnavailable(n) -> ... (as above)
 * CancelPayment -> PaymentCancelled: no new charge
 * </pre>
 * Every report may come twice (a redelivered event asks the provider again, with the same idempotency key, and gets
 * the same answer) or late (for an attempt that was superseded): each handler checks the state and the attempt
 * number, so a repeated or outdated report changes nothing.
 * <p>
 * A cancelled payment may still be charged by an attempt that was under way, or whose answer was lost: such a charge
 * is recorded and refunded here, and while the provider has not told whether the key was charged, it keeps being asked
 * (lookups only, {@code lookupOnly}), so no charge is left without its refund.
 */
@Aggregate
public class Payment {

    @AggregateIdentifier
    private String paymentId;
    private String orderId;
    private Money amount;
    private String paymentToken;
    private PaymentStatus status;
    private String chargeId;
    private int chargeAttempt;
    private int refundAttempt;
    /** The provider could not settle the last attempt of the operation; its retry is scheduled. */
    private boolean chargeAwaitingProvider;
    private boolean refundAwaitingProvider;
    /** A charge request may have reached the provider and no answer or lookup told its outcome yet. */
    private boolean chargeMayExist;

    protected Payment() {
        // for Axon: created by the CREATE_IF_MISSING handlers, then rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PaymentStatus handle(ProcessPaymentCommand command) {
        if (status == null) {
            apply(new PaymentRequestedEvent(command.paymentId(), command.orderId(), command.amount(),
                    command.paymentToken(), 1, false));
        }
        return status;
    }

    /**
     * Cancels a payment that is still pending, and one never requested (so a request still on its way charges
     * nothing). Any other payment has an outcome the saga acts on (it refunds a succeeded one).
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PaymentStatus handle(CancelPaymentCommand command) {
        if (status == null || status == PaymentStatus.PENDING) {
            apply(new PaymentCancelledEvent(command.paymentId(), command.orderId()));
        }
        return status;
    }

    @CommandHandler
    public PaymentStatus handle(RecordChargeApprovedCommand command) {
        if (status == PaymentStatus.PENDING) {
            apply(new PaymentSucceededEvent(paymentId, orderId, amount, command.chargeId()));
        } else if (status == PaymentStatus.CANCELLED && amount != null) {
            // charged by an attempt made before the cancellation (or one repeated after it): the money goes back.
            // Not conditional on chargeMayExist: whatever was charged under this payment's key must be refunded.
            apply(new PaymentSucceededEvent(paymentId, orderId, amount, command.chargeId()));
            apply(new PaymentRefundRequestedEvent(paymentId, orderId, amount, command.chargeId(), 1));
        }
        return status;
    }

    @CommandHandler
    public PaymentStatus handle(RecordChargeDeclinedCommand command) {
        if (status == PaymentStatus.PENDING) {
            apply(new PaymentFailedEvent(paymentId, orderId, amount, PaymentFailureReason.DECLINED, command.code()));
        }
        // a cancelled payment's decline needs no event: nothing was charged, and no retry is scheduled after it
        return status;
    }

    @CommandHandler
    public PaymentStatus handle(RecordProviderUnavailableCommand command) {
        boolean current = command.operation() == ProviderOperation.CHARGE
                ? command.attempt() == chargeAttempt && !chargeAwaitingProvider
                && (status == PaymentStatus.PENDING || status == PaymentStatus.CANCELLED && command.chargeMayExist())
                : command.attempt() == refundAttempt && !refundAwaitingProvider
                && status == PaymentStatus.REFUND_PENDING;
        if (current) {
            apply(new PaymentAwaitingProviderEvent(paymentId, orderId, command.operation(), command.attempt(),
                    command.chargeMayExist(), command.detail(), command.nextAttemptAt()));
        }
        return status;
    }

    @CommandHandler
    public PaymentStatus handle(RetryPaymentCommand command) {
        if (command.operation() == ProviderOperation.CHARGE) {
            boolean due = chargeAwaitingProvider && command.attempt() == chargeAttempt + 1;
            if (due && status == PaymentStatus.PENDING) {
                apply(new PaymentRequestedEvent(paymentId, orderId, amount, paymentToken, command.attempt(), false));
            } else if (due && status == PaymentStatus.CANCELLED && chargeMayExist) {
                apply(new PaymentRequestedEvent(paymentId, orderId, amount, paymentToken, command.attempt(), true));
            }
        } else if (refundAwaitingProvider && command.attempt() == refundAttempt + 1
                && status == PaymentStatus.REFUND_PENDING) {
            apply(new PaymentRefundRequestedEvent(paymentId, orderId, amount, chargeId, command.attempt()));
        }
        return status;
    }

    /**
     * Refunds a succeeded payment once. A payment that never succeeded has nothing to refund, and one whose refund is
     * requested or done is not refunded again (the provider calls retry a refund by themselves until it is done): all
     * of them answer with the current status.
     */
    @CommandHandler
    public PaymentStatus handle(RefundPaymentCommand command) {
        if (status == PaymentStatus.SUCCEEDED) {
            apply(new PaymentRefundRequestedEvent(paymentId, orderId, amount, chargeId, 1));
        }
        return status;
    }

    @CommandHandler
    public PaymentStatus handle(RecordRefundCompletedCommand command) {
        if (status == PaymentStatus.REFUND_PENDING) {
            apply(new PaymentRefundedEvent(paymentId, orderId, amount, command.refundId()));
        }
        return status;
    }

    @EventSourcingHandler
    void on(PaymentRequestedEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        paymentToken = event.paymentToken();
        if (!event.lookupOnly()) {
            status = PaymentStatus.PENDING;
            // a charge request is about to go out: until it is answered, the provider may hold a charge
            chargeMayExist = true;
        }
        chargeAttempt = event.attempt();
        chargeAwaitingProvider = false;
    }

    @EventSourcingHandler
    void on(PaymentAwaitingProviderEvent event) {
        if (event.operation() == ProviderOperation.CHARGE) {
            chargeAwaitingProvider = true;
            chargeMayExist = event.chargeMayExist();
        } else {
            refundAwaitingProvider = true;
        }
    }

    @EventSourcingHandler
    void on(PaymentCancelledEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        status = PaymentStatus.CANCELLED;
    }

    // Payments stored before the provider was called outside the aggregate start with one of the next two events:
    // they carry everything the payment needs.
    @EventSourcingHandler
    void on(PaymentSucceededEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        chargeId = event.providerReference();
        status = PaymentStatus.SUCCEEDED;
        chargeMayExist = false;
        chargeAwaitingProvider = false;
    }

    @EventSourcingHandler
    void on(PaymentFailedEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        status = event.reason() == PaymentFailureReason.DECLINED ? PaymentStatus.DECLINED : PaymentStatus.UNAVAILABLE;
        chargeMayExist = false;
        chargeAwaitingProvider = false;
    }

    @EventSourcingHandler
    void on(PaymentRefundRequestedEvent event) {
        status = PaymentStatus.REFUND_PENDING;
        refundAttempt = event.attempt();
        refundAwaitingProvider = false;
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event) {
        status = PaymentStatus.REFUNDED;
        refundAwaitingProvider = false;
    }
}
