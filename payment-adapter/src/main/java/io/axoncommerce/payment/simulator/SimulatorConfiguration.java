package io.axoncommerce.payment.simulator;

import io.axoncommerce.security.ApiAuthorization;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Production sets {@code payment.simulator.enabled=false} and points the client at the real provider. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "payment.simulator.enabled", havingValue = "true")
public class SimulatorConfiguration {

    @Bean
    ProviderSimulator providerSimulator(@Value("${payment.simulator.hang-limit:30s}") Duration hangLimit) {
        return new ProviderSimulator(hangLimit);
    }

    /**
     * The simulator stands in for an external provider, which our bearer tokens mean nothing to: the adapter's own
     * client calls it without one. Reachable only where the adapter is: loopback in the embedded default (the
     * gateway routes it in the local profile only), the internal network in docker-compose.
     */
    @Bean
    ApiAuthorization simulatorAccess() {
        return rules -> rules.requestMatchers("/simulator/payments/**").permitAll();
    }
}
