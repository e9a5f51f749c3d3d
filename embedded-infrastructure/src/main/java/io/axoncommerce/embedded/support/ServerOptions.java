package io.axoncommerce.embedded.support;

import java.nio.file.Path;

/**
 * What every embedded server is given by its builder ({@link EmbeddedServerBuilder}).
 *
 * @param port          on 127.0.0.1; 0 picks a free one
 * @param portProperty  the property named in the error when {@code port} is taken
 * @param dataDirectory absolute, or null: no data kept across restarts
 * @param shutdownHook  stop the server from a JVM shutdown hook ({@link EmbeddedServer}) when the JVM exits without
 *                      {@code close()}
 */
public record ServerOptions(int port, String portProperty, Path dataDirectory, boolean shutdownHook) {
}
