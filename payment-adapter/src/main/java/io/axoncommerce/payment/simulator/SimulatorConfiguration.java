package io.axoncommerce.payment.simulator;

import io.axoncommerce.security.ApiAuthorization;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;

/** Production sets {@code payment.simulator.enabled=false} and points the client at the real provider. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "payment.simulator.enabled", havingValue = "true")
public class SimulatorConfiguration {

    /**
     * With {@code payment.simulator.data-dir} set, the ledger is kept there and survives the adapter's death (the
     * provider is an external system: it does not forget a charge because our process died); unset, it is in memory.
     */
    @Bean(destroyMethod = "close")
    ProviderSimulator providerSimulator(@Value("${payment.simulator.hang-limit:30s}") Duration hangLimit,
                                        @Value("${payment.simulator.data-dir:}") String dataDir) {
        return new ProviderSimulator(hangLimit, dataDir.isBlank() ? null : Path.of(dataDir));
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
