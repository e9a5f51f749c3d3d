package io.axoncommerce.saga;

import io.axoniq.axonserver.grpc.ErrorMessage;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's gateway against failures shaped exactly as the Axon Server connector hands them to the sender: a
 * handler's final refusal (AXONIQ-4005) is given up at once so the saga compensates without delay; a transient failure
 * (AXONIQ-4002, e.g. a concurrent modification) and "no handler" (AXONIQ-4000, a restarting service) are retried the
 * configured number of times, at intervals that double up to a ceiling.
 */
class CommandRetryConfigurationTest {

    private static final int MAX_RETRIES = 3;

    private final CommandRetryConfiguration configuration = new CommandRetryConfiguration();
    private final ScheduledExecutorService executor = configuration.commandRetryExecutor();
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = configuration.commandGateway(commandBus,
            configuration.commandRetryScheduler(executor, MAX_RETRIES, Duration.ofMillis(1), Duration.ofMillis(2)));
    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aFinalRefusalFromAnotherServiceIsNotRetried() throws Exception {
        failEveryAttemptWith(ErrorCode.COMMAND_EXECUTION_NON_TRANSIENT_ERROR);

        assertThat(sendAndAwaitFailure()).isNotNull();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aTransientFailureFromAnotherServiceIsRetriedABoundedNumberOfTimes() throws Exception {
        failEveryAttemptWith(ErrorCode.COMMAND_EXECUTION_ERROR);

        assertThat(sendAndAwaitFailure()).isNotNull();
        assertThat(attempts).hasValue(1 + MAX_RETRIES);
    }

    @Test
    void noHandlerConnectedIsWaitedForNotRefused() throws Exception {
        // the command side restarting: Axon Server answers "no handler" (AXONIQ-4000) until it subscribes again
        failEveryAttemptWith(ErrorCode.NO_HANDLER_FOR_COMMAND);

        assertThat(sendAndAwaitFailure()).isNotNull();
        assertThat(attempts).hasValue(1 + MAX_RETRIES);
    }

    @Test
    void theBackOffDoublesUpToItsCeiling() {
        var scheduler = new CommandRetryConfiguration.CappedBackOffRetryScheduler(
                org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler.builder()
                        .retryExecutor(executor).backoffFactor(100), Duration.ofMillis(100), Duration.ofSeconds(2));
        List<Long> intervals = new java.util.ArrayList<>();
        List<Class<? extends Throwable>[]> failures = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            failures.add(null);
            intervals.add(scheduler.computeRetryInterval(null, null, failures));
        }
        assertThat(intervals.subList(0, 6)).containsExactly(100L, 200L, 400L, 800L, 1600L, 2000L);
        assertThat(intervals.subList(6, 70)).containsOnly(2000L);
    }

    private void failEveryAttemptWith(ErrorCode code) {
        commandBus.subscribe(String.class.getName(), command -> {
            attempts.incrementAndGet();
            throw code.convert(ErrorMessage.newBuilder().setMessage("refused by the remote handler")
                    .setErrorCode(code.errorCode()).build(), () -> null);
        });
    }

    private Throwable sendAndAwaitFailure() throws Exception {
        CompletableFuture<Object> result = gateway.send(GenericCommandMessage.asCommandMessage("confirm order-1"));
        return result.handle((value, failure) -> failure).get(10, TimeUnit.SECONDS);
    }
}
