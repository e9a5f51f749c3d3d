package io.axoncommerce.observability;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link CorrelationIdLogging} on every message handler of an Axon application: the command bus, the query
 * bus and every event processor (sagas included).
 */
@AutoConfiguration
@ConditionalOnClass(ConfigurerModule.class)
public class AxonLoggingAutoConfiguration {

    @Bean
    public ConfigurerModule correlationIdLogging() {
        CorrelationIdLogging interceptor = new CorrelationIdLogging();
        return configurer -> {
            configurer.eventProcessing().registerDefaultHandlerInterceptor((config, processor) -> interceptor);
            // on the buses once they exist, in the earliest start phase: before any handler subscribes
            configurer.onInitialize(config -> config.onStart(Phase.EXTERNAL_CONNECTIONS, () -> {
                config.commandBus().registerHandlerInterceptor(interceptor);
                config.queryBus().registerHandlerInterceptor(interceptor);
            }));
        };
    }
}
