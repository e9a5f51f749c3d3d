package io.axoncommerce.payment.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.payment.AbstractPaymentAdapterIT;
import io.axoncommerce.payment.simulator.ProviderSimulator.OutageMode;
import io.axoncommerce.security.LocalSigningKey;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The real client (RestClient + Resilience4j) against the simulator over HTTP. */
class PaymentProviderClientIT extends AbstractPaymentAdapterIT {

    private final RestClient http = RestClient.create();
    /** The breaker's state in health and the metrics are for operators (api-security's actuator rule). */
    private final RestClient admin = RestClient.builder().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer "
            + LocalSigningKey.of(LocalSigningKey.DEFAULT).mint("ops", List.of("admin"), Duration.ofMinutes(30)))
            .build();

    /** A charge for a fresh order: key and reference are unique, so the simulator's per-key counts are this test's. */
    private static ProviderRequests.Charge charge(String token, String amount) {
        String orderId = "order-" + UUID.randomUUID();
        return new ProviderRequests.Charge("payment-" + orderId, Money.of(amount, "EUR"), token, orderId);
    }

    @Test
    void approvesByDefault() {
        ProviderRequests.Charge request = charge("tok_visa", "25.00");

        ChargeOutcome outcome = client.charge(request);

        assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Approved.class,
                approved -> assertThat(approved.chargeId()).startsWith("ch_"));
        assertThat(simulator.chargesFor(request.reference())).isEqualTo(1);
    }

    @Test
    void declinesByTokenAndByAmountWithoutCountingAsBreakerFailure() {
        assertThat(client.charge(charge("tok_decline", "25.00")))
                .isEqualTo(new ChargeOutcome.Declined("card_declined", "the card was declined"));
        assertThat(client.charge(charge("tok_visa", "10.13")))
                .isEqualTo(new ChargeOutcome.Declined("insufficient_funds", "the card has insufficient funds"));

        CircuitBreaker.Metrics metrics = breaker().getMetrics();
        assertThat(metrics.getNumberOfFailedCalls()).isZero();
        assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(2);
    }

    @Test
    void aRetriedChargeWithTheSameIdempotencyKeyIsChargedOnce() {
        simulator.loseNextAnswers(1);
        ProviderRequests.Charge request = charge("tok_visa", "42.00");

        ChargeOutcome first = client.charge(request);

        // The first answer was lost after the charge was made; the retry got the stored answer.
        assertThat(first).isInstanceOf(ChargeOutcome.Approved.class);
        assertThat(simulator.requestsFor(request.idempotencyKey())).isEqualTo(2);
        assertThat(simulator.chargesFor(request.reference())).isEqualTo(1);
        assertThat(client.charge(request)).isEqualTo(first);
        assertThat(simulator.chargesFor(request.reference())).isEqualTo(1);
    }

    @Test
    void aChargeWhoseAnswerIsLostOnEveryRetryIsFoundByItsKey() {
        simulator.loseNextAnswers(3);
        ProviderRequests.Charge request = charge("tok_visa", "42.00");

        assertThatThrownBy(() -> client.charge(request))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("502");
        Optional<ChargeOutcome> found = client.findCharge(request.idempotencyKey());

        assertThat(found).hasValueSatisfying(outcome -> assertThat(outcome).isInstanceOfSatisfying(
                ChargeOutcome.Approved.class, approved -> assertThat(approved.chargeId()).startsWith("ch_")));
        assertThat(simulator.chargesFor(request.reference())).isEqualTo(1);
        assertThat(simulator.lookupsFor(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void aLookupTellsADeclineAndAKeyNeverCharged() {
        ProviderRequests.Charge declined = charge("tok_decline", "25.00");
        client.charge(declined);

        assertThat(client.findCharge(declined.idempotencyKey()))
                .contains(new ChargeOutcome.Declined("card_declined", "the card was declined"));
        assertThat(client.findCharge("payment-never-charged-" + UUID.randomUUID())).isEmpty();
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).as("a 404 lookup is an answer").isZero();
    }

    @Test
    void aLookupIsRefusedByTheOpenBreakerWithoutReachingTheProvider() {
        ProviderRequests.Charge request = charge("tok_visa", "12.00");
        breaker().transitionToOpenState();

        assertThatThrownBy(() -> client.findCharge(request.idempotencyKey()))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("is open");
        assertThat(simulator.lookupsFor(request.idempotencyKey())).isZero();
    }

    @Test
    void refundsOnceUnderItsOwnKey() {
        ProviderRequests.Charge charge = charge("tok_visa", "30.00");
        ChargeOutcome.Approved approved = (ChargeOutcome.Approved) client.charge(charge);
        ProviderRequests.Refund refund = new ProviderRequests.Refund("refund-" + charge.idempotencyKey(),
                approved.chargeId(), charge.amount());

        String refundId = client.refund(refund);

        assertThat(refundId).startsWith("re_");
        assertThat(simulator.isRefunded(approved.chargeId())).isTrue();
        assertThat(client.refund(refund)).as("the same key answers the same refund").isEqualTo(refundId);
        assertThatThrownBy(() -> client.refund(new ProviderRequests.Refund("refund-again-" + charge.idempotencyKey(),
                approved.chargeId(), charge.amount())))
                .isInstanceOf(ProviderRejectedRequestException.class)
                .hasMessageContaining("charge_already_refunded");
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void outageOpensTheBreakerAfterFiveFailuresRejectsFastAndClosesAfterTheWait() {
        simulator.setOutage(OutageMode.UNAVAILABLE);
        ProviderRequests.Charge first = charge("tok_visa", "10.00");
        ProviderRequests.Charge second = charge("tok_visa", "10.00");
        ProviderRequests.Charge third = charge("tok_visa", "10.00");

        // 3 attempts (retry) for the first payment, then 2 more: the 5th failure opens the breaker.
        assertThatThrownBy(() -> client.charge(first))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("503");
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThatThrownBy(() -> client.charge(second))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("is open");
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(simulator.requestsFor(first.idempotencyKey())).isEqualTo(3);
        assertThat(simulator.requestsFor(second.idempotencyKey())).isEqualTo(2);
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(5);
        assertThat(breakerHealthState()).isEqualTo("OPEN");
        assertThat(openStateMetric()).isEqualTo(1.0);

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.charge(third))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("is open");
        System.out.printf("payment rejected by the open breaker in %.2f ms%n", (System.nanoTime() - start) / 1e6);
        assertThat(simulator.requestsFor(third.idempotencyKey())).as("no call reaches the provider while open")
                .isZero();
        assertThat(breaker().getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(2);

        simulator.setOutage(OutageMode.NONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> breaker().getState() == CircuitBreaker.State.HALF_OPEN);
        assertThat(breakerHealthState()).isEqualTo("HALF_OPEN");
        assertThat(client.charge(charge("tok_visa", "10.00"))).isInstanceOf(ChargeOutcome.Approved.class);
        assertThat(client.charge(charge("tok_decline", "10.00"))).isInstanceOf(ChargeOutcome.Declined.class);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakerHealthState()).isEqualTo("CLOSED");
        assertThat(openStateMetric()).isEqualTo(0.0);
    }

    @Test
    void aHangingProviderIsCutOffByTheTimeLimiter() {
        simulator.setOutage(OutageMode.HANG);
        ProviderRequests.Charge request = charge("tok_visa", "10.00");
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.charge(request))
                    .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("no answer");
            System.out.printf("hanging provider given up after 3 time-limited attempts in %.0f ms%n",
                    (System.nanoTime() - start) / 1e6);
            // Each attempt reached the provider and was then abandoned by the time limiter.
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.requestsFor(request.idempotencyKey()) == 3);
            assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
        } finally {
            simulator.setOutage(OutageMode.NONE);
        }
    }

    @Test
    void adminEndpointsSwitchTheOutageOverHttp() {
        JsonNode state = http.put().uri(baseUrl() + "/simulator/payments/admin/outage")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body("{\"mode\":\"UNAVAILABLE\"}").retrieve().body(JsonNode.class);
        assertThat(state.get("outage").asText()).isEqualTo("UNAVAILABLE");
        assertThat(simulator.outage()).isEqualTo(OutageMode.UNAVAILABLE);

        http.put().uri(baseUrl() + "/simulator/payments/admin/outage")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body("{\"mode\":\"NONE\"}").retrieve().toBodilessEntity();
        JsonNode after = http.get().uri(baseUrl() + "/simulator/payments/admin/state").retrieve().body(JsonNode.class);
        assertThat(after.get("outage").asText()).isEqualTo("NONE");
    }

    @Test
    void theBreakersStateIsForAdminsOnlyWhileTheSimulatorNeedsNoToken() {
        JsonNode anonymousHealth = http.get().uri(baseUrl() + "/actuator/health").retrieve().body(JsonNode.class);
        assertThat(anonymousHealth.path("status").asText()).isEqualTo("UP");
        assertThat(anonymousHealth.has("components")).as("components shown to anonymous").isFalse();
        assertThat(breakerHealthState()).isEqualTo("CLOSED");
        assertThatThrownBy(() -> http.get().uri(baseUrl() + "/actuator/metrics").retrieve().toBodilessEntity())
                .isInstanceOfSatisfying(HttpClientErrorException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
        assertThat(http.get().uri(baseUrl() + "/simulator/payments/admin/state").retrieve().toBodilessEntity()
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private String breakerHealthState() {
        JsonNode health = admin.get().uri(baseUrl() + "/actuator/health").retrieve().body(JsonNode.class);
        return health.at("/components/circuitBreakers/details/payment-provider/details/state").asText();
    }

    private double openStateMetric() {
        JsonNode metric = admin.get()
                .uri(baseUrl() + "/actuator/metrics/resilience4j.circuitbreaker.state?tag=name:payment-provider&tag=state:open")
                .retrieve().body(JsonNode.class);
        return metric.at("/measurements/0/value").asDouble();
    }
}
