package io.axoncommerce.embedded.support;

/** A chosen port is taken: says which port, which component and which property to change. */
public class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(String component, int port, String property, Throwable cause) {
        super("%s cannot listen on 127.0.0.1:%d: the port is already in use. Stop what holds it or choose another port with '%s' (0 picks a free one)."
                .formatted(component, port, property), cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
