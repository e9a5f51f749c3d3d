package io.axoncommerce.command.rejection;

import org.axonframework.common.AxonNonTransientException;
import org.axonframework.common.AxonTransientException;
import org.axonframework.common.ExceptionUtils;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * Base of every deliberate refusal by a command handler of this module. It is a {@link CommandExecutionException}
 * so that Axon carries the {@link Rejection} details to the sender whichever command bus routed the command.
 * <p>
 * A refusal is final unless a transient failure caused it (a concurrent modification): sending the same command again
 * would be refused again. Axon tells senders so only through the cause chain (an {@link AxonNonTransientException}
 * makes the connector answer {@code AXONIQ-4005}, which the sender's retry scheduler does not retry), so a final
 * refusal without such a cause gets a {@link FinalRefusal} as its cause.
 */
public class CommandRejectedException extends CommandExecutionException {

    public CommandRejectedException(RejectionType type, String code, String message) {
        this(type, code, message, null);
    }

    public CommandRejectedException(RejectionType type, String code, String message, Throwable cause) {
        super(message, finalUnlessTransient(message, cause), new Rejection(type, code, message));
    }

    public Rejection rejection() {
        return this.<Rejection>getDetails().orElseThrow();
    }

    private static Throwable finalUnlessTransient(String message, Throwable cause) {
        if (cause instanceof AxonTransientException || (cause != null && ExceptionUtils.isExplicitlyNonTransient(cause))) {
            return cause;
        }
        return new FinalRefusal(message, cause);
    }

    /** Marks a refusal as not worth retrying; see the class comment. */
    static final class FinalRefusal extends AxonNonTransientException {

        FinalRefusal(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
