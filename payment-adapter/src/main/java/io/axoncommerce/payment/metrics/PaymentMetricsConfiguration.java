package io.axoncommerce.payment.metrics;

import io.axoncommerce.observability.InterceptorRegistration;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventBus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link PaymentOutcomeMetrics} on the event bus the payment aggregate publishes to. */
@Configuration(proxyBeanMethods = false)
public class PaymentMetricsConfiguration {

    @Bean
    PaymentOutcomeMetrics paymentOutcomeMetrics(MeterRegistry registry) {
        return new PaymentOutcomeMetrics(registry);
    }

    @Bean
    InterceptorRegistration paymentOutcomeMetricsRegistration(EventBus eventBus, PaymentOutcomeMetrics metrics) {
        return new InterceptorRegistration(eventBus.registerDispatchInterceptor(metrics));
    }
}
