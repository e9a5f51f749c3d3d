package io.axoncommerce.command.web;

import java.util.function.Supplier;

/**
 * A request that passed Bean Validation but still makes an invalid command (the messages validate themselves, e.g.
 * an order naming one product twice). The messages' validation errors start with the field name, which becomes the
 * {@code field} of the 400 response.
 */
public class InvalidCommandException extends RuntimeException {

    private final String field;

    public InvalidCommandException(IllegalArgumentException cause) {
        super(cause.getMessage(), cause);
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        int space = message.indexOf(' ');
        this.field = space > 0 ? message.substring(0, space) : "body";
    }

    public String field() {
        return field;
    }

    /** Builds a command, turning its validation error into a 400. */
    public static <T> T building(Supplier<T> command) {
        try {
            return command.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(e);
        }
    }
}
