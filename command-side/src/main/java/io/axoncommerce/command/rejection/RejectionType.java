package io.axoncommerce.command.rejection;

import org.springframework.http.HttpStatus;

/** Why a command was refused; decides the HTTP status the REST layer answers with. */
public enum RejectionType {
    NOT_FOUND(HttpStatus.NOT_FOUND),
    /** The caller may not do this to this aggregate, e.g. cancel another customer's order. */
    FORBIDDEN(HttpStatus.FORBIDDEN),
    CONFLICT(HttpStatus.CONFLICT),
    BUSINESS_RULE(HttpStatus.UNPROCESSABLE_ENTITY);

    private final HttpStatus status;

    RejectionType(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
