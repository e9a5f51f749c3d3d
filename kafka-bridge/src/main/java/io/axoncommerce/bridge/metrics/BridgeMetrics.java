package io.axoncommerce.bridge.metrics;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.axoncommerce.bridge.publishing.KafkaBridgeProperties;
import io.axoncommerce.bridge.publishing.KafkaPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's own figures:
 * <ul>
 *   <li>{@code axoncommerce.kafka.bridge.published{topic}}: records the broker acknowledged, counted once the batch
 *   committed (the processor stores its token only after every record of the batch was acknowledged), so a retried
 *   batch counts once; a parked event does not count, nor does its retry from the dead-letter queue. The topic set is
 *   the configured one: bounded.</li>
 *   <li>{@code axoncommerce.kafka.bridge.lag.events}: events in the event store that the bridge has not published
 *   yet (head token minus the processor's position), read every few seconds in the background because asking for
 *   the head is a call to Axon Server. Axon's own {@code eventProcessor.latency} (axon-micrometer) gives the same lag
 *   in time.</li>
 *   <li>{@code axoncommerce.deadletters{processingGroup="kafka-bridge"}}: events parked in the bridge's dead-letter
 *   queue (the same meter as query-side's projections), read with the lag.</li>
 * </ul>
 * The producer's own metrics (record send rate, errors, request latency) are spring-kafka's
 * ({@code kafka_producer_*}).
 */
public final class BridgeMetrics implements MessageHandlerInterceptor<EventMessage<?>>, AutoCloseable {

    static final String PUBLISHED = "axoncommerce.kafka.bridge.published";
    static final String LAG = "axoncommerce.kafka.bridge.lag.events";
    static final String DEAD_LETTERS = "axoncommerce.deadletters";
    private static final Logger log = LoggerFactory.getLogger(BridgeMetrics.class);

    private final MeterRegistry registry;
    private final KafkaBridgeProperties properties;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final ScheduledExecutorService lagReader = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kafka-bridge-lag").factory());

    public BridgeMetrics(MeterRegistry registry, KafkaBridgeProperties properties) {
        this.registry = registry;
        this.properties = properties;
        properties.allTopics().forEach(this::counter);
        Gauge.builder(LAG, lag, AtomicLong::get).description("Events stored but not yet published to Kafka")
                .baseUnit("events").register(registry);
        Gauge.builder(DEAD_LETTERS, deadLetters, AtomicLong::get)
                .tag("processingGroup", KafkaPublisher.PROCESSING_GROUP)
                .description("Events parked in the bridge's dead-letter queue").register(registry);
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        Object result = interceptorChain.proceed();
        String aggregateType = event instanceof DomainEventMessage<?> domain ? domain.getType() : null;
        String topic = properties.topicFor(aggregateType);
        // a parked event (dead letter) went nowhere
        if (KafkaPublisher.sentIn(unitOfWork, event)) {
            unitOfWork.afterCommit(u -> counter(topic).increment());
        }
        return result;
    }

    private Counter counter(String topic) {
        return published.computeIfAbsent(topic, t -> Counter.builder(PUBLISHED)
                .description("Events published to Kafka and acknowledged, by topic").tag("topic", t)
                .register(registry));
    }

    /** Starts reading the lag of {@code processorName} every {@code intervalMillis}. */
    void watchLag(EventProcessingConfiguration processing, EventStore eventStore, String processorName,
                  long intervalMillis) {
        lagReader.scheduleWithFixedDelay(() -> {
            try {
                processing.eventProcessor(processorName, StreamingEventProcessor.class).ifPresent(processor -> {
                    TrackingToken head = eventStore.createHeadToken();
                    OptionalLong headPosition = head == null ? OptionalLong.of(-1) : head.position();
                    long position = processor.processingStatus().values().stream()
                            .map(EventTrackerStatus::getCurrentPosition)
                            .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong)
                            .min().orElse(-1);
                    if (headPosition.isPresent()) {
                        lag.set(Math.max(0, headPosition.getAsLong() - position));
                    }
                });
            } catch (RuntimeException e) {
                // Axon Server unreachable for a moment: keep the last reading
                log.debug("Bridge lag not read: {}", e.toString());
            }
            try {
                processing.deadLetterQueue(processorName).ifPresent(queue -> deadLetters.set(queue.size()));
            } catch (RuntimeException e) {
                // MongoDB unreachable for a moment: keep the last reading
                log.debug("Bridge dead letters not counted: {}", e.toString());
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        lagReader.shutdownNow();
    }
}
