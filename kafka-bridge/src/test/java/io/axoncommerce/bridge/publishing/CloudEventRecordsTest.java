package io.axoncommerce.bridge.publishing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderDeadlineExpiredEvent;
import io.axoncommerce.api.order.OrderStep;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventRecordsTest {

    private final KafkaBridgeProperties properties = new KafkaBridgeProperties(Map.of("Order", "shop.orders",
            "Customer", "shop.customers"), "shop.other", 3, (short) 1, "/test", Duration.ofSeconds(5));
    private final CloudEventRecords records = new CloudEventRecords(properties, JacksonSerializer.defaultSerializer());

    @Test
    void configuredTopicsOverrideAndExtendTheDefaults() {
        assertThat(properties.topicFor("Order")).isEqualTo("shop.orders");
        assertThat(properties.topicFor("Customer")).isEqualTo("shop.customers");
        assertThat(properties.topicFor("Payment")).isEqualTo("axon-commerce.payments");
        assertThat(properties.topicFor("Unknown")).isEqualTo("shop.other");
        assertThat(properties.allTopics()).containsExactlyInAnyOrder("shop.orders", "shop.customers",
                "axon-commerce.products", "axon-commerce.inventory", "axon-commerce.payments", "shop.other");
    }

    @Test
    void aDomainEventBecomesABinaryModeCloudEventKeyedByItsAggregate() throws Exception {
        var event = new GenericDomainEventMessage<>("Order", "order-1", 4, new OrderConfirmedEvent("order-1"),
                MetaData.with("correlationId", "c-1").and("traceId", "t-1").and("userId", "u-1"));

        ProducerRecord<String, byte[]> record = records.toRecord(event);

        assertThat(record.topic()).isEqualTo("shop.orders");
        assertThat(record.key()).isEqualTo("order-1");
        assertThat(record.partition()).as("the partitioner hashes the key").isNull();
        assertThat(header(record, "ce_id")).isEqualTo(event.getIdentifier());
        assertThat(header(record, "ce_type")).isEqualTo(OrderConfirmedEvent.class.getName());
        assertThat(header(record, "ce_source")).isEqualTo("/test");
        assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(event.getTimestamp());
        assertThat(header(record, "ce_subject")).isEqualTo("order-1");
        assertThat(header(record, "ce_aggregatetype")).isEqualTo("Order");
        assertThat(header(record, "ce_aggregatesequence")).isEqualTo("4");
        assertThat(header(record, "ce_datarevision")).isEqualTo("1");
        assertThat(header(record, "axon-correlation-id")).isEqualTo("c-1");
        assertThat(header(record, "axon-causation-id")).isEqualTo("t-1");
        assertThat(header(record, "axon-metadata-userId")).isEqualTo("u-1");
        JsonNode value = new ObjectMapper().readTree(record.value());
        assertThat(value.get("orderId").asText()).isEqualTo("order-1");
    }

    @Test
    void anEventWithoutAggregateGoesToTheFallbackTopicWithoutKeyOrSubject() {
        ProducerRecord<String, byte[]> record = records.toRecord(
                GenericEventMessage.asEventMessage(new OrderDeadlineExpiredEvent("order-1", OrderStep.PAYMENT)));

        assertThat(record.topic()).isEqualTo("shop.other");
        assertThat(record.key()).isNull();
        assertThat(record.headers().lastHeader("ce_subject")).isNull();
        assertThat(record.headers().lastHeader("ce_aggregatesequence")).isNull();
    }

    private static String header(ProducerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
