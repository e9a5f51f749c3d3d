package io.axoncommerce.command.web;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How the controllers send commands: build the command (its validation error becomes a 400, see
 * {@link InvalidCommandException}), send it and wait at most {@code axon-commerce.command.timeout} for the result, so
 * a request never hangs on a command bus that does not answer (that becomes a 504).
 */
@Component("commandSideCommandSender")
public class CommandSender {

    private final CommandGateway commandGateway;
    private final Duration timeout;

    public CommandSender(CommandGateway commandGateway,
                         @Value("${axon-commerce.command.timeout:30s}") Duration timeout) {
        this.commandGateway = commandGateway;
        this.timeout = timeout;
    }

    public <R> R send(Supplier<?> command) {
        Object built = InvalidCommandException.building(command);
        return commandGateway.sendAndWait(built, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
