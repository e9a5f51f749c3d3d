package io.axoncommerce.saga;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.commandhandling.gateway.AxonNonTransientExceptionClassesPredicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * The saga's command gateway retries a failed send with exponential back-off ({@code backoff * 2^(n-1)}), a bounded
 * number of times; after that the saga compensates (see OrderFulfilmentSaga). Retried: transient failures such as no
 * handler connected yet, a concurrency conflict, a lost connection. Not retried: failures Axon marks non-transient,
 * which includes every final refusal of another service's handler (it reaches the saga as a
 * {@code CommandExecutionException} caused by a remote non-transient exception, error code {@code AXONIQ-4005}, e.g.
 * confirming an order that was cancelled), and an {@link IllegalStateException} / {@link IllegalArgumentException}
 * thrown by a handler in the same JVM; both would only fail again. The retry scheduler checks the whole cause chain.
 */
@Configuration(proxyBeanMethods = false)
public class CommandRetryConfiguration {

    static Predicate<Throwable> nonTransient() {
        return new AxonNonTransientExceptionClassesPredicate()
                .or(failure -> failure instanceof IllegalStateException || failure instanceof IllegalArgumentException);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("saga-command-retry").daemon()
                .factory());
    }

    @Bean
    RetryScheduler commandRetryScheduler(ScheduledExecutorService commandRetryExecutor,
                                         @Value("${saga.command-retry.max-retries:5}") int maxRetries,
                                         @Value("${saga.command-retry.backoff:100ms}") Duration backoff) {
        return ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .maxRetryCount(maxRetries)
                .backoffFactor(backoff.toMillis())
                .nonTransientFailurePredicate(nonTransient())
                .build();
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler commandRetryScheduler) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(commandRetryScheduler).build();
    }
}
