package io.axoncommerce.query.web;

/** The requested thing is unknown to the read side; answered 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
