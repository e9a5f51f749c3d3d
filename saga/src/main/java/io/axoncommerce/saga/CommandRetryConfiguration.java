package io.axoncommerce.saga;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.commandhandling.gateway.AxonNonTransientExceptionClassesPredicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * The saga's command gateway retries a failed send with exponential back-off ({@code backoff * 2^(n-1)}, at most
 * {@code max-backoff} apart) for as many tries as reach about a step's deadline; only then does the saga compensate
 * (see OrderFulfilmentSaga). A service restarting for twenty seconds is a pause, not a reason to cancel paid orders.
 * <p>
 * Retried: transient failures such as no handler connected (the command side restarting: Axon calls that
 * non-transient, but for a saga it means "not yet"), a concurrency conflict, a lost connection, a timeout. Not
 * retried: every final refusal of another service's handler (it reaches the saga as a
 * {@code CommandExecutionException} caused by a remote non-transient exception, error code {@code AXONIQ-4005}, e.g.
 * confirming an order that was cancelled), and an {@link IllegalStateException} / {@link IllegalArgumentException}
 * thrown by a handler in the same JVM; both would only fail again. The retry scheduler checks the whole cause chain.
 */
@Configuration(proxyBeanMethods = false)
public class CommandRetryConfiguration {

    static Predicate<Throwable> nonTransient() {
        Predicate<Throwable> refusal = new AxonNonTransientExceptionClassesPredicate()
                .or(failure -> failure instanceof IllegalStateException || failure instanceof IllegalArgumentException);
        return failure -> !(failure instanceof NoHandlerForCommandException) && refusal.test(failure);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("saga-command-retry").daemon()
                .factory());
    }

    @Bean
    RetryScheduler commandRetryScheduler(ScheduledExecutorService commandRetryExecutor,
                                         @Value("${saga.command-retry.max-retries:64}") int maxRetries,
                                         @Value("${saga.command-retry.backoff:100ms}") Duration backoff,
                                         @Value("${saga.command-retry.max-backoff:2s}") Duration maxBackoff) {
        return new CappedBackOffRetryScheduler(ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .maxRetryCount(maxRetries)
                .backoffFactor(backoff.toMillis())
                .nonTransientFailurePredicate(nonTransient()), backoff, maxBackoff);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler commandRetryScheduler) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(commandRetryScheduler).build();
    }

    /**
     * Axon's exponential back-off with a ceiling. Axon's own grows without bound ({@code 2^n} overflows a long past 63
     * tries), and its fixed-interval scheduler would wait as long after a blip of a few milliseconds as during a
     * restart: neither fits retrying for minutes.
     */
    static final class CappedBackOffRetryScheduler extends ExponentialBackOffIntervalRetryScheduler {

        private final long backoffMillis;
        private final long maxBackoffMillis;

        CappedBackOffRetryScheduler(ExponentialBackOffIntervalRetryScheduler.Builder builder, Duration backoff,
                                    Duration maxBackoff) {
            super(builder);
            this.backoffMillis = backoff.toMillis();
            this.maxBackoffMillis = maxBackoff.toMillis();
        }

        @Override
        protected long computeRetryInterval(CommandMessage commandMessage, RuntimeException lastFailure,
                                            List<Class<? extends Throwable>[]> failures) {
            int doublings = Math.min(failures.size() - 1, 30);
            return Math.min(maxBackoffMillis, backoffMillis << doublings);
        }
    }
}
