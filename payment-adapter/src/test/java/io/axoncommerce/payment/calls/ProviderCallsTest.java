package io.axoncommerce.payment.calls;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.PaymentRefundRequestedEvent;
import io.axoncommerce.api.payment.PaymentRequestedEvent;
import io.axoncommerce.api.payment.PaymentRetryDueEvent;
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
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.axoncommerce.api.payment.ProviderOperation.CHARGE;
import static io.axoncommerce.api.payment.ProviderOperation.REFUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What the provider calls ask the provider and report, for each answer it can give; the provider client is a mock.
 * The round trip through the aggregate and the real simulator is in PaymentFlowIT.
 */
class ProviderCallsTest {

    private static final String PAYMENT = "payment-order-1";
    private static final Money AMOUNT = Money.of("44.98", "EUR");
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final ProviderRequests.Charge CHARGE_REQUEST =
            new ProviderRequests.Charge(PAYMENT, AMOUNT, "tok_visa", "order-1");

    private final PaymentProviderClient provider = mock(PaymentProviderClient.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final EventScheduler scheduler = mock(EventScheduler.class);
    private final List<Object> reported = new ArrayList<>();
    private ProviderCalls calls;

    @BeforeEach
    void setUp() {
        when(commands.send(any())).thenAnswer(invocation -> {
            reported.add(invocation.getArgument(0));
            return CompletableFuture.completedFuture(null);
        });
        calls = new ProviderCalls(provider, commands, scheduler,
                new RetryBackoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1), 0.0),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static PaymentRequestedEvent attempt(int attempt, boolean lookupOnly) {
        return new PaymentRequestedEvent(PAYMENT, "order-1", AMOUNT, "tok_visa", attempt, lookupOnly);
    }

    private static RecordProviderUnavailableCommand unavailable(int attempt, boolean chargeMayExist, String detail,
                                                                Duration wait) {
        return new RecordProviderUnavailableCommand(PAYMENT, CHARGE, attempt, chargeMayExist, detail, NOW.plus(wait));
    }

    @Test
    void theFirstAttemptChargesAndReportsTheAnswer() {
        when(provider.charge(CHARGE_REQUEST)).thenReturn(new ChargeOutcome.Approved("ch_1"));
        calls.on(attempt(1, false));
        when(provider.charge(CHARGE_REQUEST)).thenReturn(new ChargeOutcome.Declined("card_declined", "declined"));
        calls.on(attempt(1, false));

        assertThat(reported).containsExactly(new RecordChargeApprovedCommand(PAYMENT, "ch_1"),
                new RecordChargeDeclinedCommand(PAYMENT, "card_declined"));
        verify(provider, never()).findCharge(any());
    }

    @Test
    void aFailedChargeIsLookedUpBeforeAnythingIsDecided() {
        when(provider.charge(CHARGE_REQUEST)).thenThrow(new ProviderUnavailableException("provider answered 502"));
        when(provider.findCharge(PAYMENT)).thenReturn(Optional.of(new ChargeOutcome.Approved("ch_lost")));

        calls.on(attempt(1, false));

        assertThat(reported).containsExactly(new RecordChargeApprovedCommand(PAYMENT, "ch_lost"));
    }

    @Test
    void aFailedChargeTheProviderDoesNotKnowAwaitsTheNextAttemptAsNotCharged() {
        when(provider.charge(CHARGE_REQUEST)).thenThrow(new ProviderUnavailableException("provider answered 503"));
        when(provider.findCharge(PAYMENT)).thenReturn(Optional.empty());

        calls.on(attempt(1, false));

        assertThat(reported).containsExactly(unavailable(1, false, "provider answered 503", Duration.ofSeconds(5)));
    }

    @Test
    void aFailedChargeWhoseLookupFailsTooMayHaveCharged() {
        when(provider.charge(CHARGE_REQUEST)).thenThrow(new ProviderUnavailableException("no answer within PT2S"));
        when(provider.findCharge(PAYMENT)).thenThrow(new ProviderUnavailableException("circuit breaker is open"));

        calls.on(attempt(3, false));

        // attempt 3 looked up first, then charged, then looked up again; waits 5 s x 2^2
        assertThat(reported).containsExactly(unavailable(3, true, "circuit breaker is open", Duration.ofSeconds(20)));
    }

    @Test
    void aLaterAttemptAsksAboutTheKeyFirstAndChargesOnlyWhatDoesNotExist() {
        when(provider.findCharge(PAYMENT)).thenReturn(Optional.of(new ChargeOutcome.Approved("ch_earlier")));
        calls.on(attempt(2, false));
        verify(provider, never()).charge(any());

        when(provider.findCharge(PAYMENT)).thenReturn(Optional.empty());
        when(provider.charge(CHARGE_REQUEST)).thenReturn(new ChargeOutcome.Approved("ch_2"));
        calls.on(attempt(2, false));

        assertThat(reported).containsExactly(new RecordChargeApprovedCommand(PAYMENT, "ch_earlier"),
                new RecordChargeApprovedCommand(PAYMENT, "ch_2"));
    }

    @Test
    void aCancelledPaymentIsOnlyLookedUp() {
        when(provider.findCharge(PAYMENT)).thenReturn(Optional.empty());
        calls.on(attempt(2, true));
        assertThat(reported).as("never charged: nothing to report").isEmpty();

        when(provider.findCharge(PAYMENT)).thenReturn(Optional.of(new ChargeOutcome.Approved("ch_lost")));
        calls.on(attempt(3, true));
        doThrow(new ProviderUnavailableException("provider answered 503")).when(provider).findCharge(PAYMENT);
        calls.on(attempt(4, true));

        assertThat(reported).containsExactly(new RecordChargeApprovedCommand(PAYMENT, "ch_lost"),
                unavailable(4, true, "provider answered 503", Duration.ofSeconds(40)));
        verify(provider, never()).charge(any());
    }

    @Test
    void aRequestTheProviderRefusesIsARefusal() {
        when(provider.charge(CHARGE_REQUEST)).thenThrow(
                new ProviderRejectedRequestException(422, "idempotency_key_reused", "key reused"));
        calls.on(attempt(1, false));
        assertThat(reported).containsExactly(new RecordChargeDeclinedCommand(PAYMENT, "idempotency_key_reused"));
    }

    @Test
    void aRefundIsReportedOrRetriedAndARefusedOneLeftForAnOperator() {
        ProviderRequests.Refund refund = new ProviderRequests.Refund("refund-" + PAYMENT, "ch_1", AMOUNT);
        when(provider.refund(refund)).thenReturn("re_1");
        calls.on(new PaymentRefundRequestedEvent(PAYMENT, "order-1", AMOUNT, "ch_1", 1));
        doThrow(new ProviderUnavailableException("provider answered 503")).when(provider).refund(refund);
        calls.on(new PaymentRefundRequestedEvent(PAYMENT, "order-1", AMOUNT, "ch_1", 2));
        doThrow(new ProviderRejectedRequestException(404, "no_such_charge", "none")).when(provider).refund(refund);
        calls.on(new PaymentRefundRequestedEvent(PAYMENT, "order-1", AMOUNT, "ch_1", 3));

        assertThat(reported).containsExactly(new RecordRefundCompletedCommand(PAYMENT, "re_1"),
                new RecordProviderUnavailableCommand(PAYMENT, REFUND, 2, true, "provider answered 503",
                        NOW.plusSeconds(10)));
    }

    @Test
    void aWaitIsScheduledAndTheDueRetryAskedOfThePayment() {
        Instant next = NOW.plusSeconds(5);
        calls.on(new PaymentAwaitingProviderEvent(PAYMENT, "order-1", CHARGE, 1, true, "503", next));
        verify(scheduler).schedule(next, new PaymentRetryDueEvent(PAYMENT, "order-1", CHARGE, 2));

        calls.on(new PaymentRetryDueEvent(PAYMENT, "order-1", CHARGE, 2));
        assertThat(reported).containsExactly(new RetryPaymentCommand(PAYMENT, CHARGE, 2));
    }

    @Test
    void aReportThatCannotBeDeliveredFailsTheEventSoTheProcessorHandlesItAgain() {
        when(commands.send(any())).thenReturn(CompletableFuture.failedFuture(
                new IllegalStateException("no connection to Axon Server")));
        when(provider.charge(CHARGE_REQUEST)).thenReturn(new ChargeOutcome.Approved("ch_1"));

        assertThatThrownBy(() -> calls.on(attempt(1, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Axon Server");
    }

    @Test
    void theBackOffGrowsToItsCeiling() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1), 0.0);
        assertThat(List.of(1, 2, 3, 4, 5, 10).stream().map(backoff::after).toList()).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofMinutes(1), Duration.ofMinutes(1));
        RetryBackoff jittered = new RetryBackoff(null, null, null, null);
        assertThat(jittered.after(1)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    }
}
