package io.axoncommerce.bridge.metrics;

import io.axoncommerce.bridge.publishing.KafkaBridgeProperties;
import io.axoncommerce.bridge.publishing.KafkaPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link BridgeMetrics} on the bridge's processor and starts reading its lag once the app is ready. */
@Configuration(proxyBeanMethods = false)
public class BridgeMetricsConfiguration {

    @Bean(destroyMethod = "close")
    BridgeMetrics kafkaBridgeMetrics(MeterRegistry registry, KafkaBridgeProperties properties) {
        return new BridgeMetrics(registry, properties);
    }

    @Bean
    ConfigurerModule kafkaBridgeMetricsRegistration(BridgeMetrics metrics) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerHandlerInterceptor(KafkaPublisher.PROCESSING_GROUP, config -> metrics));
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> kafkaBridgeLagWatch(BridgeMetrics metrics,
                                                                   EventProcessingConfiguration processing,
                                                                   EventStore eventStore,
                                                                   @Value("${kafka-bridge.metrics.lag-interval:5s}")
                                                                   java.time.Duration interval) {
        return ready -> metrics.watchLag(processing, eventStore, KafkaPublisher.PROCESSING_GROUP, interval.toMillis());
    }
}
