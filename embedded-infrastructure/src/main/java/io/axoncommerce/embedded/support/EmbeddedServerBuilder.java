package io.axoncommerce.embedded.support;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The options every embedded server's builder takes ({@link ServerOptions}); each server's builder adds its own.
 *
 * @param <B> the server's builder, returned by every option so that the server's own options chain after these
 * @param <S> the server it builds
 */
public abstract class EmbeddedServerBuilder<B extends EmbeddedServerBuilder<B, S>, S extends EmbeddedServer<S>> {

    private int port;
    private String portProperty;
    private Path dataDirectory;
    private boolean shutdownHook = true;

    protected EmbeddedServerBuilder(String defaultPortProperty) {
        this.portProperty = Objects.requireNonNull(defaultPortProperty);
    }

    /** Port on 127.0.0.1; 0 (the default) picks a free one. */
    public B port(int port) {
        Ports.checkRange(port, portProperty);
        this.port = port;
        return self();
    }

    /** The property named in the error when the chosen port is taken. */
    public B portProperty(String portProperty) {
        this.portProperty = Objects.requireNonNull(portProperty);
        return self();
    }

    /**
     * Keeps the server's data here across restarts. Null (the default) keeps none: a temporary directory deleted on
     * {@code close()}, or memory only (MongoDB).
     */
    public B dataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory == null ? null : dataDirectory.toAbsolutePath();
        return self();
    }

    /**
     * Stop the server from a JVM shutdown hook when the JVM exits without {@code close()} (default true). Spring
     * contexts turn it off: their own shutdown hook closes the server after the beans that use it.
     */
    public B shutdownHook(boolean shutdownHook) {
        this.shutdownHook = shutdownHook;
        return self();
    }

    public abstract S build();

    /** Builds the server and starts it. */
    public S start() {
        return build().start();
    }

    /** The options set so far, for the server being built. */
    protected ServerOptions options() {
        return new ServerOptions(port, portProperty, dataDirectory, shutdownHook);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
