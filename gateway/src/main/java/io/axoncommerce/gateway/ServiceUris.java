package io.axoncommerce.gateway;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each service answers (base URIs without path), e.g. {@code gateway.services.command-side=http://localhost:8081}.
 * The launcher passes the embedded ports; docker-compose the service names. The payment adapter and the saga are
 * only needed in the {@code local} profile ({@link LocalRoutes}): in production the gateway routes nothing to them.
 */
@ConfigurationProperties("gateway.services")
public record ServiceUris(URI commandSide,
                          URI querySide,
                          URI paymentAdapter,
                          URI kafkaBridge,
                          URI notificationProjector,
                          URI saga) {

    /** {@code uri}, or a start-up failure that names the missing property: a route without a target is a bug. */
    static URI required(URI uri, String service) {
        if (uri == null) {
            throw new IllegalStateException("gateway.services." + service + " is not set: the gateway needs the base "
                    + "URI of every service it routes to (e.g. http://localhost:8081)");
        }
        return uri;
    }
}
