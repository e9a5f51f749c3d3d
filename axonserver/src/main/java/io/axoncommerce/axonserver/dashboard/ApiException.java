package io.axoncommerce.axonserver.dashboard;

import org.springframework.http.HttpStatus;

/** A request the API refuses; answered as an RFC 9457 problem with this status and detail. */
class ApiException extends RuntimeException {

    private final HttpStatus status;

    ApiException(HttpStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail);
    }

    HttpStatus status() {
        return status;
    }
}
