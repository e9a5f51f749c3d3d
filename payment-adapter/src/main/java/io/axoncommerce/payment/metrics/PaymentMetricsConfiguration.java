package io.axoncommerce.payment.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventBus;
import org.springframework.beans.factory.DisposableBean;
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
    MetricsRegistration paymentOutcomeMetricsRegistration(EventBus eventBus, PaymentOutcomeMetrics metrics) {
        return new MetricsRegistration(eventBus.registerDispatchInterceptor(metrics));
    }

    /** Holds the registration so that closing the context removes the interceptor. */
    record MetricsRegistration(Registration registration) implements DisposableBean {
        @Override
        public void destroy() {
            registration.cancel();
        }
    }
}
