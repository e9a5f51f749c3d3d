package io.axoncommerce.bridge.replay;

import io.axoncommerce.security.ApiAuthorization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Re-publishing the event store is an admin action; the filter chain itself is api-security's. */
@Configuration(proxyBeanMethods = false)
public class ReplaySecurity {

    @Bean("kafkaBridgeAuthorization")
    public ApiAuthorization kafkaBridgeAuthorization() {
        return rules -> rules.requestMatchers("/api/kafka-bridge/**").hasRole("admin");
    }
}
