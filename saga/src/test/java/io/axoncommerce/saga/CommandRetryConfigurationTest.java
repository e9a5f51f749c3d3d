package io.axoncommerce.saga;

import io.axoniq.axonserver.grpc.ErrorMessage;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's gateway against failures shaped exactly as the Axon Server connector hands them to the sender: a
 * handler's final refusal (AXONIQ-4005) is given up at once so the saga compensates without delay; a transient failure
 * (AXONIQ-4002, e.g. a concurrent modification) is retried the configured number of times.
 */
class CommandRetryConfigurationTest {

    private static final int MAX_RETRIES = 3;

    private final CommandRetryConfiguration configuration = new CommandRetryConfiguration();
    private final ScheduledExecutorService executor = configuration.commandRetryExecutor();
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = configuration.commandGateway(commandBus,
            configuration.commandRetryScheduler(executor, MAX_RETRIES, Duration.ofMillis(1)));
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
