package io.axoncommerce.axonserver.eventstore.storage;

/** The event store could not complete an operation. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
