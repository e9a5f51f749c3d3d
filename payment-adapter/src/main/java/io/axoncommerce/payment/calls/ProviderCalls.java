package io.axoncommerce.payment.calls;

import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.PaymentRefundRequestedEvent;
import io.axoncommerce.api.payment.PaymentRequestedEvent;
import io.axoncommerce.api.payment.PaymentRetryDueEvent;
import io.axoncommerce.api.payment.ProviderOperation;
import io.axoncommerce.api.payment.RecordChargeApprovedCommand;
import io.axoncommerce.api.payment.RecordChargeDeclinedCommand;
import io.axoncommerce.api.payment.RecordProviderUnavailableCommand;
import io.axoncommerce.api.payment.RecordRefundCompletedCommand;
import io.axoncommerce.api.payment.RetryPaymentCommand;
import io.axoncommerce.payment.provider.ChargeOutcome;
import io.axoncommerce.payment.provider.PaymentProviderClient;
import io.axoncommerce.payment.provider.ProviderRejectedRequestException;
import io.axoncommerce.payment.provider.ProviderRequests;
import io.axoncommerce.payment.provider.ProviderUnavailableException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Calls the payment provider for the Payment aggregate and reports every answer back as a command, so the aggregate
 * is never locked during a network call. An event handler in its own processing group ({@value #PROCESSING_GROUP}, a
 * pooled streaming processor whose token is kept in MongoDB, see {@link ProviderCallsConfiguration}): an attempt
 * whose event was handled but whose token was not stored (a crash) is made again after the restart, with the same
 * idempotency key, so the provider answers the same and the report changes nothing the second time.
 * <p>
 * A charge attempt:
 * <ol>
 *   <li>attempt 2 and later first ask the provider about the key ({@link PaymentProviderClient#findCharge}): an
 *       earlier attempt may have charged although its answer was lost;</li>
 *   <li>only a charge the provider says does not exist is made (again under the same key);</li>
 *   <li>when the charge call itself fails (after the client's own retries), the provider is asked about the key before
 *       anything is decided: a lost answer is resolved by the lookup;</li>
 *   <li>when nothing settles it, the attempt is reported as awaiting the provider with the next attempt's time
 *       ({@link RetryBackoff}); {@link #on(PaymentAwaitingProviderEvent)} schedules it through Axon's
 *       {@link EventScheduler} (Axon Server keeps it across restarts), and when it falls due the payment is asked to
 *       make it ({@link RetryPaymentCommand}): the payment decides whether it is still wanted.</li>
 * </ol>
 * Refunds are repeated under their own key ({@code refund-<paymentId>}) until the provider confirms one.
 */
@Component
@ProcessingGroup(ProviderCalls.PROCESSING_GROUP)
public class ProviderCalls {

    public static final String PROCESSING_GROUP = "payment-provider-calls";
    private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);
    /** Bounds a report's round trip; a report that fails is the event failing, and the processor handles it again. */
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private final PaymentProviderClient provider;
    private final CommandGateway commands;
    private final EventScheduler scheduler;
    private final RetryBackoff backoff;
    private final Clock clock;

    public ProviderCalls(PaymentProviderClient provider, CommandGateway commands, EventScheduler scheduler,
                         RetryBackoff backoff, Clock clock) {
        this.provider = provider;
        this.commands = commands;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.clock = clock;
    }

    public static String refundKey(String paymentId) {
        return "refund-" + paymentId;
    }

    @EventHandler
    void on(PaymentRequestedEvent event) {
        report(chargeReport(event));
    }

    @EventHandler
    void on(PaymentRefundRequestedEvent event) {
        Object report;
        try {
            String refundId = provider.refund(new ProviderRequests.Refund(refundKey(event.paymentId()),
                    event.chargeId(), event.amount()));
            report = new RecordRefundCompletedCommand(event.paymentId(), refundId);
        } catch (ProviderUnavailableException e) {
            report = unavailable(event.paymentId(), ProviderOperation.REFUND, event.attempt(), true, e);
        } catch (ProviderRejectedRequestException e) {
            // Refused for good (e.g. the charge is unknown to the provider, or was refunded under another key):
            // retrying cannot help; the refund stays pending for an operator to look at.
            log.error("refund of payment {} (charge {}) refused by the provider: {}", event.paymentId(),
                    event.chargeId(), e.getMessage());
            return;
        }
        report(report);
    }

    @EventHandler
    void on(PaymentAwaitingProviderEvent event) {
        scheduler.schedule(event.nextAttemptAt(), new PaymentRetryDueEvent(event.paymentId(), event.orderId(),
                event.operation(), event.attempt() + 1));
    }

    @EventHandler
    void on(PaymentRetryDueEvent event) {
        report(new RetryPaymentCommand(event.paymentId(), event.operation(), event.attempt()));
    }

    private Object chargeReport(PaymentRequestedEvent event) {
        String key = event.paymentId();
        if (event.attempt() > 1 || event.lookupOnly()) {
            try {
                Optional<ChargeOutcome> known = provider.findCharge(key);
                if (known.isPresent()) {
                    return outcomeReport(key, known.get());
                }
                if (event.lookupOnly()) {
                    log.info("cancelled payment {}: the provider holds no charge under its key, nothing to refund",
                            key);
                    return null;
                }
            } catch (ProviderUnavailableException | ProviderRejectedRequestException e) {
                return unavailable(key, ProviderOperation.CHARGE, event.attempt(), true, e);
            }
        }
        try {
            return outcomeReport(key, provider.charge(new ProviderRequests.Charge(key, event.amount(),
                    event.paymentToken(), event.orderId())));
        } catch (ProviderRejectedRequestException e) {
            // the provider refused the request itself (e.g. the key was used for another request): a refusal
            return new RecordChargeDeclinedCommand(key, e.code());
        } catch (ProviderUnavailableException chargeFailure) {
            try {
                return provider.findCharge(key)
                        .map(outcome -> outcomeReport(key, outcome))
                        .orElseGet(() -> unavailable(key, ProviderOperation.CHARGE, event.attempt(), false,
                                chargeFailure.getMessage()));
            } catch (ProviderUnavailableException | ProviderRejectedRequestException lookupFailure) {
                return unavailable(key, ProviderOperation.CHARGE, event.attempt(), true, chargeFailure);
            }
        }
    }

    private static Object outcomeReport(String paymentId, ChargeOutcome outcome) {
        return switch (outcome) {
            case ChargeOutcome.Approved approved -> new RecordChargeApprovedCommand(paymentId, approved.chargeId());
            case ChargeOutcome.Declined declined -> new RecordChargeDeclinedCommand(paymentId, declined.code());
        };
    }

    private RecordProviderUnavailableCommand unavailable(String paymentId, ProviderOperation operation, int attempt,
                                                         boolean chargeMayExist, RuntimeException failure) {
        return unavailable(paymentId, operation, attempt, chargeMayExist, failure.getMessage());
    }

    private RecordProviderUnavailableCommand unavailable(String paymentId, ProviderOperation operation, int attempt,
                                                         boolean chargeMayExist, String detail) {
        Instant next = clock.instant().plus(backoff.after(attempt));
        log.warn("payment {}: {} attempt {} not settled by the provider ({}); next attempt at {}", paymentId,
                operation, attempt, detail, next);
        return new RecordProviderUnavailableCommand(paymentId, operation, attempt, chargeMayExist,
                detail == null || detail.isBlank() ? "provider unavailable" : detail, next);
    }

    private void report(Object command) {
        if (command == null) {
            return;
        }
        try {
            commands.send(command).orTimeout(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
