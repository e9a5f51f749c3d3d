package io.axoncommerce.bridge.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.axoncommerce.bridge.publishing.CloudEventRecords;
import io.axoncommerce.bridge.publishing.KafkaBridgeProperties;
import io.axoncommerce.bridge.publishing.KafkaPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The published counter counts what went to Kafka, not what the dead-letter queue parked instead. */
class BridgeMetricsTest {

    private final KafkaBridgeProperties properties =
            new KafkaBridgeProperties(Map.of(), "other", 1, (short) 1, "/test", Duration.ofSeconds(5));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BridgeMetrics metrics = new BridgeMetrics(registry, properties);

    @Test
    @SuppressWarnings("unchecked")
    void countsAPublishedEventOnceCommittedAndAParkedOneNot() throws Exception {
        KafkaTemplate<String, byte[]> kafka = mock(KafkaTemplate.class);
        when(kafka.send(any(org.apache.kafka.clients.producer.ProducerRecord.class)))
                .thenReturn(CompletableFuture.completedFuture(null));
        KafkaAdmin admin = mock(KafkaAdmin.class);
        when(admin.initialize()).thenReturn(true);
        KafkaPublisher publisher = new KafkaPublisher(kafka, admin,
                new CloudEventRecords(properties, JacksonSerializer.defaultSerializer()), properties);

        EventMessage<?> published = new GenericDomainEventMessage<>("Order", "o-1", 0, "placed");
        var unitOfWork = DefaultUnitOfWork.startAndGet(published);
        unitOfWork.executeWithResult(() -> metrics.handle(unitOfWork, () -> {
            publisher.publish(published, unitOfWork);
            return null;
        }));
        assertThat(counter()).isEqualTo(1);

        // parked: the dead-letter queue takes the event instead of the handler, which sends nothing
        EventMessage<?> parked = new GenericDomainEventMessage<>("Order", "o-2", 0, "placed");
        var parkedUnitOfWork = DefaultUnitOfWork.startAndGet(parked);
        parkedUnitOfWork.executeWithResult(() -> metrics.handle(parkedUnitOfWork, () -> null));
        assertThat(counter()).isEqualTo(1);
    }

    private double counter() {
        return registry.get(BridgeMetrics.PUBLISHED).tag("topic", "axon-commerce.orders").counter().count();
    }
}
