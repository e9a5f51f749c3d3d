package io.axoncommerce.query.web;

/** A request parameter the API refuses; answered 400 with the parameter's name. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
