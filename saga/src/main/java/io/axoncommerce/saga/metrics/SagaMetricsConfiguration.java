package io.axoncommerce.saga.metrics;

import io.axoncommerce.saga.order.OrderFulfilmentSaga;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Times the fulfilment steps on the saga's own processor (see {@link FulfilmentStepMetrics}). */
@Configuration(proxyBeanMethods = false)
public class SagaMetricsConfiguration {

    @Bean
    FulfilmentStepMetrics fulfilmentStepMetrics(MeterRegistry registry) {
        return new FulfilmentStepMetrics(registry);
    }

    @Bean
    ConfigurerModule fulfilmentStepMetricsRegistration(FulfilmentStepMetrics metrics) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerHandlerInterceptor(OrderFulfilmentSaga.PROCESSING_GROUP, config -> metrics));
    }
}
