package io.axoncommerce.bridge.publishing;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Maps an Axon event to a Kafka record in CloudEvents 1.0 <em>binary</em> mode (Kafka protocol binding): the value is
 * the event payload as JSON, exactly the bytes the event store holds, and the attributes travel as {@code ce_*}
 * headers. Binary mode keeps the value readable by consumers that know nothing about CloudEvents.
 */
public final class CloudEventRecords {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String AGGREGATE_TYPE = "ce_aggregatetype";
    public static final String AGGREGATE_SEQUENCE = "ce_aggregatesequence";
    public static final String DATA_REVISION = "ce_datarevision";
    public static final String CONTENT_TYPE = "content-type";
    public static final String CORRELATION_ID = "axon-correlation-id";
    public static final String CAUSATION_ID = "axon-causation-id";
    public static final String METADATA_PREFIX = "axon-metadata-";

    private final KafkaBridgeProperties properties;
    private final Serializer eventSerializer;

    public CloudEventRecords(KafkaBridgeProperties properties, Serializer eventSerializer) {
        this.properties = properties;
        this.eventSerializer = eventSerializer;
    }

    public ProducerRecord<String, byte[]> toRecord(EventMessage<?> event) {
        // The stored bytes are reused when the serializer matches, so unknown payload types pass through unchanged.
        SerializedObject<byte[]> payload = event.serializePayload(eventSerializer, byte[].class);
        Headers headers = new RecordHeaders();
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, event.getIdentifier());
        put(headers, SOURCE, properties.source());
        put(headers, TYPE, payload.getType().getName());
        put(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(event.getTimestamp()));
        put(headers, CONTENT_TYPE, "application/json");
        if (payload.getType().getRevision() != null) {
            put(headers, DATA_REVISION, payload.getType().getRevision());
        }
        String key = null;
        String aggregateType = null;
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getType() != null) {
            key = domainEvent.getAggregateIdentifier();
            aggregateType = domainEvent.getType();
            put(headers, SUBJECT, key);
            put(headers, AGGREGATE_TYPE, aggregateType);
            put(headers, AGGREGATE_SEQUENCE, Long.toString(domainEvent.getSequenceNumber()));
        }
        for (Map.Entry<String, ?> entry : event.getMetaData().entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            String value = String.valueOf(entry.getValue());
            if (entry.getKey().equals(MessageOriginProvider.getDefaultCorrelationKey())) {
                put(headers, CORRELATION_ID, value);
            } else if (entry.getKey().equals(MessageOriginProvider.getDefaultTraceKey())) {
                // Axon 4 calls the id of the message that caused this one its "trace id".
                put(headers, CAUSATION_ID, value);
            } else {
                put(headers, METADATA_PREFIX + entry.getKey(), value);
            }
        }
        return new ProducerRecord<>(properties.topicFor(aggregateType), null, key, payload.getData(), headers);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
