package io.axoncommerce.saga;

import io.axoncommerce.api.upcasting.CoreApiUpcasters;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class EventUpcastingConfiguration {

    /** Old revisions of core-api's events, upcast as the saga reads them (see docs/evolving-events.md). */
    @Bean
    EventUpcasterChain sagaUpcasters() {
        return CoreApiUpcasters.chain();
    }
}
