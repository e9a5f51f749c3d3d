package io.axoncommerce.command.web;

import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a request gets when the command bus cannot deliver or does not answer in time. */
class CommandSenderTest {

    private final AsynchronousCommandBus commandBus = AsynchronousCommandBus.builder().build();
    private final CommandSender sender = new CommandSender(
            DefaultCommandGateway.builder().commandBus(commandBus).build(), Duration.ofMillis(200));
    private final CommandSideProblemHandler problems = new CommandSideProblemHandler();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        commandBus.shutdown();
    }

    @Test
    void aHandlerThatDoesNotAnswerInTimeIsA504() {
        commandBus.subscribe(CancelOrderCommand.class.getName(), message -> {
            release.await(10, TimeUnit.SECONDS);
            return null;
        });

        CommandExecutionException e = catchThrowableOfType(CommandExecutionException.class,
                () -> sender.send(() -> new CancelOrderCommand("o-1", CancellationReason.TIMEOUT)));

        assertThat(problems.commandFailed(e).getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    }

    @Test
    void aStreamThatAnotherWriterCreatedFirstIsA409() {
        // What a JPA/JDBC event store does when two writers create the same aggregate: it fails at commit.
        commandBus.subscribe(CancelOrderCommand.class.getName(), message -> {
            CurrentUnitOfWork.get().onPrepareCommit(u -> {
                throw new AggregateStreamCreationException("stream o-1 already exists");
            });
            return null;
        });

        AggregateStreamCreationException e = catchThrowableOfType(AggregateStreamCreationException.class,
                () -> sender.send(() -> new CancelOrderCommand("o-1", CancellationReason.TIMEOUT)));

        assertThat(problems.conflict(e).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void noHandlerIsA503() {
        NoHandlerForCommandException e = catchThrowableOfType(NoHandlerForCommandException.class,
                () -> sender.send(() -> new CancelOrderCommand("o-1", CancellationReason.TIMEOUT)));

        assertThat(problems.unavailable(e).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void anInvalidCommandIsRefusedBeforeSendingNamingTheField() {
        InvalidCommandException e = catchThrowableOfType(InvalidCommandException.class,
                () -> sender.send(() -> new CancelOrderCommand(" ", CancellationReason.TIMEOUT)));

        assertThat(e.field()).isEqualTo("orderId");
        assertThat(problems.invalidCommand(e).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
