package io.axoncommerce.bridge.publishing;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the bridge publishes.
 *
 * @param topics            aggregate type (Axon's {@code DomainEventMessage#getType()}, the aggregate's simple class
 *                          name) to topic
 * @param fallbackTopic     for events of an aggregate type not in {@code topics} and for events without an aggregate
 *                          (e.g. scheduled deadline events)
 * @param partitions        partition count of the topics the bridge creates when they are missing
 * @param replicationFactor replication factor of those topics
 * @param source            the CloudEvents {@code source} attribute of every record
 * @param ackTimeout        how long a batch waits for the broker's acknowledgements before it fails and is retried;
 *                          keep it above the producer's {@code delivery.timeout.ms}
 */
@ConfigurationProperties("kafka-bridge")
public record KafkaBridgeProperties(
        @DefaultValue Map<String, String> topics,
        @DefaultValue("axon-commerce.other-events") String fallbackTopic,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("/axon-commerce/event-store") String source,
        @DefaultValue("150s") Duration ackTimeout) {

    /** The documented defaults; entries under {@code kafka-bridge.topics} override or add to them. */
    public static final Map<String, String> DEFAULT_TOPICS = Map.of(
            "Order", "axon-commerce.orders",
            "Product", "axon-commerce.products",
            "Inventory", "axon-commerce.inventory",
            "Payment", "axon-commerce.payments");

    public KafkaBridgeProperties {
        Map<String, String> merged = new HashMap<>(DEFAULT_TOPICS);
        merged.putAll(topics);
        topics = Map.copyOf(merged);
    }

    public String topicFor(String aggregateType) {
        return aggregateType == null ? fallbackTopic : topics.getOrDefault(aggregateType, fallbackTopic);
    }

    public Set<String> allTopics() {
        Set<String> all = new LinkedHashSet<>(new TreeSet<>(topics.values()));
        all.add(fallbackTopic);
        return all;
    }
}
