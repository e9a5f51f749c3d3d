package io.axoncommerce.notification.order;

/**
 * An event about an order whose OrderPlacedEvent this projector has not seen (yet): payments arrive on another
 * topic than orders, so this can pass. Retryable; after the retries the record goes to the dead-letter topic.
 */
public class OrderNotKnownException extends RuntimeException {

    public OrderNotKnownException(String orderId) {
        super("order " + orderId + " is not known (its OrderPlacedEvent was not consumed yet)");
    }
}
