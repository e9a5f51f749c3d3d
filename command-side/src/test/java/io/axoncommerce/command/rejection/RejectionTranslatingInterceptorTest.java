package io.axoncommerce.command.rejection;

import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RejectionTranslatingInterceptorTest {

    private static final String PAYMENT_COMMAND = "io.axoncommerce.api.payment.RefundPaymentCommand";

    private SimpleCommandBus commandBus;
    private CommandGateway gateway;

    @BeforeEach
    void setUp() {
        commandBus = SimpleCommandBus.builder().build();
        commandBus.registerHandlerInterceptor(new RejectionTranslatingInterceptor());
        gateway = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @Test
    void anUnknownOrderBecomesANotFoundRejection() {
        subscribe(CancelOrderCommand.class.getName(), message -> {
            throw new AggregateNotFoundException("o-404", "not in the event store");
        });

        assertThatThrownBy(() -> gateway.sendAndWait(new CancelOrderCommand("o-404", CancellationReason.TIMEOUT)))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                    assertThat(e.rejection().type()).isEqualTo(RejectionType.NOT_FOUND);
                    assertThat(e.rejection().code()).isEqualTo("ORDER_NOT_FOUND");
                    assertThat(e.rejection().message()).contains("o-404");
                });
    }

    @Test
    void aConcurrentModificationBecomesAConflictRejection() {
        subscribe(CancelOrderCommand.class.getName(), message -> {
            throw new ConcurrencyException("sequence 3 already taken");
        });

        assertThatThrownBy(() -> gateway.sendAndWait(new CancelOrderCommand("o-1", CancellationReason.TIMEOUT)))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.rejection().type()).isEqualTo(RejectionType.CONFLICT));
    }

    @Test
    void otherModulesCommandsKeepTheirExceptions() {
        subscribe(PAYMENT_COMMAND, message -> {
            throw new AggregateNotFoundException("payment-o-1", "not in the event store");
        });

        CommandMessage<String> refund =
                new GenericCommandMessage<>(new GenericMessage<>("refund"), PAYMENT_COMMAND);

        assertThatThrownBy(() -> gateway.sendAndWait(refund))
                .isExactlyInstanceOf(AggregateNotFoundException.class);
    }

    private void subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        commandBus.subscribe(commandName, handler);
    }
}
