package io.axoncommerce.payment.provider;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.opentelemetry.context.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * The payment provider's HTTP API behind Resilience4j. Each call is
 * {@code Retry( CircuitBreaker( TimeLimiter( one HTTP attempt ) ) )}, the order Resilience4j's Spring aspects use:
 * <ul>
 *   <li>every attempt is bounded by the time limiter (the RestClient's connect/read timeouts only catch a silent
 *       socket; a response that trickles in slowly, or a slow connect plus a slow read, is caught by the limiter,
 *       which also interrupts the attempt's thread);</li>
 *   <li>every attempt is recorded by the circuit breaker, so an outage opens it after 5 failed attempts, and while it
 *       is open calls fail at once without touching the network;</li>
 *   <li>the retry repeats only transient failures ({@link ProviderUnavailableException}, timeouts) with exponential
 *       back-off; a decline is an answer, not a failure, and an open breaker is not retried.</li>
 * </ul>
 * Retries are safe because every request carries the caller's idempotency key.
 */
public class PaymentProviderClient implements AutoCloseable {

    public static final String RESILIENCE_NAME = "payment-provider";
    private static final Logger log = LoggerFactory.getLogger(PaymentProviderClient.class);

    private final RestClient restClient;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    // Virtual threads: an attempt blocked on a hanging provider costs no platform thread. Wrapped so each attempt
    // runs in the caller's trace context: the HTTP call's span is a child of the payment command's span.
    private final ExecutorService attempts = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());

    public PaymentProviderClient(RestClient restClient, CircuitBreaker circuitBreaker, Retry retry,
                                 TimeLimiter timeLimiter) {
        this.restClient = restClient;
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
        this.timeLimiter = timeLimiter;
    }

    private record ProviderAnswer(String chargeId, String refundId, String status, String code, String message) {
    }

    public ChargeOutcome charge(ProviderRequests.Charge charge) {
        return guarded(() -> restClient.post()
                .uri("/charges")
                .header("Idempotency-Key", charge.idempotencyKey())
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("amount", charge.amount().amount(), "currency", charge.amount().currency(),
                        "paymentToken", charge.paymentToken(), "reference", charge.reference()))
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    ProviderAnswer answer = response.bodyTo(ProviderAnswer.class);
                    if (status == 402) {
                        return new ChargeOutcome.Declined(codeOf(answer), messageOf(answer));
                    }
                    requireSuccess(status, answer);
                    return new ChargeOutcome.Approved(answer.chargeId());
                }));
    }

    /**
     * Asks the provider what it decided for a charge made under {@code idempotencyKey}: the way to settle a charge whose
     * answer was lost, before anything is decided. Behind the same guards as the charge itself (an open breaker
     * refuses it too: the provider is the same).
     *
     * @return the provider's decision, or empty if no charge was made under the key (404 {@code no_such_charge}; any
     *         other 404, say a wrong base URL, is a refused request, never "not charged")
     */
    public Optional<ChargeOutcome> findCharge(String idempotencyKey) {
        return guarded(() -> restClient.get()
                .uri("/charges?idempotencyKey={key}", idempotencyKey)
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    ProviderAnswer answer = response.bodyTo(ProviderAnswer.class);
                    if (status == 404 && "no_such_charge".equals(codeOf(answer))) {
                        return Optional.<ChargeOutcome>empty();
                    }
                    requireSuccess(status, answer);
                    if ("DECLINED".equals(answer.status())) {
                        return Optional.<ChargeOutcome>of(new ChargeOutcome.Declined(codeOf(answer),
                                messageOf(answer)));
                    }
                    if (answer.chargeId() == null) {
                        throw new ProviderRejectedRequestException(status, codeOf(answer), "lookup answered "
                                + answer.status() + " without a charge id");
                    }
                    return Optional.<ChargeOutcome>of(new ChargeOutcome.Approved(answer.chargeId()));
                }));
    }

    /** @return the provider's refund id */
    public String refund(ProviderRequests.Refund refund) {
        return guarded(() -> restClient.post()
                .uri("/charges/{chargeId}/refunds", refund.chargeId())
                .header("Idempotency-Key", refund.idempotencyKey())
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("amount", refund.amount().amount(), "currency", refund.amount().currency()))
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    ProviderAnswer answer = response.bodyTo(ProviderAnswer.class);
                    requireSuccess(status, answer);
                    return answer.refundId();
                }));
    }

    public CircuitBreaker.State circuitBreakerState() {
        return circuitBreaker.getState();
    }

    private static void requireSuccess(int status, ProviderAnswer answer) {
        if (status >= 500 || status == 429) {
            throw new ProviderUnavailableException("provider answered " + status + " " + codeOf(answer));
        }
        if (status >= 400 || answer == null) {
            throw new ProviderRejectedRequestException(status, codeOf(answer), messageOf(answer));
        }
    }

    private static String codeOf(ProviderAnswer answer) {
        return answer == null || answer.code() == null ? "unknown" : answer.code();
    }

    private static String messageOf(ProviderAnswer answer) {
        return answer == null || answer.message() == null ? "" : answer.message();
    }

    private <T> T guarded(Callable<T> httpAttempt) {
        Callable<T> attempt = () -> {
            try {
                return httpAttempt.call();
            } catch (ResourceAccessException e) {
                throw new ProviderUnavailableException("provider not reachable: " + e.getMessage(), e);
            }
        };
        Callable<T> timed = TimeLimiter.decorateFutureSupplier(timeLimiter, () -> attempts.submit(attempt));
        Callable<T> guarded = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(circuitBreaker, timed));
        try {
            return guarded.call();
        } catch (CallNotPermittedException e) {
            log.warn("payment provider call rejected: circuit breaker '{}' is {}", circuitBreaker.getName(),
                    circuitBreaker.getState());
            throw new ProviderUnavailableException("circuit breaker '" + circuitBreaker.getName() + "' is open", e);
        } catch (TimeoutException e) {
            throw new ProviderUnavailableException("no answer from the provider within "
                    + timeLimiter.getTimeLimiterConfig().getTimeoutDuration(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ProviderUnavailableException("provider call failed: " + e, e);
        }
    }

    @Override
    public void close() {
        attempts.shutdownNow();
    }
}
