package io.axoncommerce.gateway;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each service answers (base URIs without path), e.g. {@code gateway.services.command-side=http://localhost:8081}.
 * The launcher passes the embedded ports; docker-compose the service names.
 */
@ConfigurationProperties("gateway.services")
public record ServiceUris(URI commandSide,
                          URI querySide,
                          URI paymentAdapter,
                          URI kafkaBridge,
                          URI notificationProjector,
                          URI saga) {
}
