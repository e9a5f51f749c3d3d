package io.axoncommerce.embedded.support;

import java.net.BindException;

/** A chosen port is taken: says which port, which component and which property to change. */
public class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(String component, int port, String property, Throwable cause) {
        super("%s cannot listen on 127.0.0.1:%d: the port is already in use. Stop what holds it or choose another port with '%s' (0 picks a free one)."
                .formatted(component, port, property), cause);
        this.port = port;
    }

    /** {@code failure} as a PortInUseException when binding {@code port} failed, else {@code failure} itself. */
    public static RuntimeException ifBindFailed(RuntimeException failure, String component, int port,
                                                String property) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return new PortInUseException(component, port, property, failure);
            }
        }
        return failure;
    }

    public int port() {
        return port;
    }
}
