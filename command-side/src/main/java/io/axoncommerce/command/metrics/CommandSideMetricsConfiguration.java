package io.axoncommerce.command.metrics;

import io.axoncommerce.observability.InterceptorRegistration;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventBus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the write side's business metrics on the event bus its aggregates publish to. */
@Configuration(proxyBeanMethods = false)
public class CommandSideMetricsConfiguration {

    @Bean("commandSideEventMetrics")
    public CommittedEventMetrics commandSideEventMetrics(MeterRegistry registry) {
        return new CommittedEventMetrics(registry);
    }

    @Bean("commandSideEventMetricsRegistration")
    public InterceptorRegistration commandSideEventMetricsRegistration(EventBus eventBus,
                                                                       CommittedEventMetrics commandSideEventMetrics) {
        return new InterceptorRegistration(eventBus.registerDispatchInterceptor(commandSideEventMetrics));
    }
}
