package io.axoncommerce.notification.events;

/** A record that will never be processable, however often it is retried: it goes to the dead-letter topic at once. */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
