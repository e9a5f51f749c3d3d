package io.axoncommerce.payment.provider;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * Where the provider is and the socket-level timeouts of one HTTP attempt. The overall bound of an attempt is the
 * Resilience4j time limiter {@value PaymentProviderClient#RESILIENCE_NAME} (see application.yml).
 */
@ConfigurationProperties("payment.provider")
public record PaymentProviderProperties(URI baseUrl, Duration connectTimeout, Duration readTimeout) {

    public PaymentProviderProperties {
        if (baseUrl == null) {
            throw new IllegalArgumentException("payment.provider.base-url must be set");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(5) : readTimeout;
    }
}
