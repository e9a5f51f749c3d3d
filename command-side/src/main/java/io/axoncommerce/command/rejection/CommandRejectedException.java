package io.axoncommerce.command.rejection;

import org.axonframework.commandhandling.CommandExecutionException;

/**
 * Base of every deliberate refusal by a command handler of this module. It is a {@link CommandExecutionException}
 * so that Axon carries the {@link Rejection} details to the sender whichever command bus routed the command.
 */
public class CommandRejectedException extends CommandExecutionException {

    public CommandRejectedException(RejectionType type, String code, String message) {
        this(type, code, message, null);
    }

    public CommandRejectedException(RejectionType type, String code, String message, Throwable cause) {
        super(message, cause, new Rejection(type, code, message));
    }

    public Rejection rejection() {
        return this.<Rejection>getDetails().orElseThrow();
    }
}
