package io.axoncommerce.payment.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import io.axoncommerce.payment.provider.ChargeOutcome;
import io.axoncommerce.payment.provider.PaymentProviderClient;
import io.axoncommerce.payment.provider.ProviderRequests;
import io.axoncommerce.payment.provider.ProviderUnavailableException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One payment per order. The provider is called from the command handlers (the decision needs its answer); the
 * aggregate's own state only changes in the event sourcing handlers.
 * <p>
 * Never charges twice: a repeated {@link ProcessPaymentCommand} finds the aggregate already decided and answers with
 * the recorded outcome without calling the provider; and two concurrent first attempts (which both see no aggregate)
 * send the same {@code Idempotency-Key}, so the provider charges once and only one of them can store its event.
 */
@Aggregate
public class Payment {

    @AggregateIdentifier
    private String paymentId;
    private String orderId;
    private Money amount;
    private PaymentStatus status;
    private String chargeId;

    protected Payment() {
        // for Axon: created by the CREATE_IF_MISSING handler, then rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PaymentStatus handle(ProcessPaymentCommand command, PaymentProviderClient provider) {
        if (status != null) {
            return status;
        }
        try {
            ChargeOutcome outcome = provider.charge(new ProviderRequests.Charge(command.paymentId(), command.amount(),
                    command.paymentToken(), command.orderId()));
            switch (outcome) {
                case ChargeOutcome.Approved approved -> apply(new PaymentSucceededEvent(command.paymentId(),
                        command.orderId(), command.amount(), approved.chargeId()));
                case ChargeOutcome.Declined declined -> apply(new PaymentFailedEvent(command.paymentId(),
                        command.orderId(), command.amount(), PaymentFailureReason.DECLINED, declined.code()));
            }
        } catch (ProviderUnavailableException e) {
            apply(new PaymentFailedEvent(command.paymentId(), command.orderId(), command.amount(),
                    PaymentFailureReason.UNAVAILABLE, e.getMessage()));
        }
        return status;
    }

    /**
     * Refunds a succeeded payment once. A payment that never succeeded has nothing to refund, and a refunded one is
     * not refunded again: both answer with the current status. An unavailable provider fails the command (the
     * sender retries it); the refund's own idempotency key keeps those retries from refunding twice.
     */
    @CommandHandler
    public PaymentStatus handle(RefundPaymentCommand command, PaymentProviderClient provider) {
        if (status != PaymentStatus.SUCCEEDED) {
            return status;
        }
        String refundId = provider.refund(new ProviderRequests.Refund("refund-" + paymentId, chargeId, amount));
        apply(new PaymentRefundedEvent(paymentId, orderId, amount, refundId));
        return status;
    }

    @EventSourcingHandler
    void on(PaymentSucceededEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        chargeId = event.providerReference();
        status = PaymentStatus.SUCCEEDED;
    }

    @EventSourcingHandler
    void on(PaymentFailedEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        status = event.reason() == PaymentFailureReason.DECLINED ? PaymentStatus.DECLINED : PaymentStatus.UNAVAILABLE;
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event) {
        status = PaymentStatus.REFUNDED;
    }
}
