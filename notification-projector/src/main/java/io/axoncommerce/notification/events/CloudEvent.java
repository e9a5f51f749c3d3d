package io.axoncommerce.notification.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A CloudEvent as the kafka-bridge writes it: binary mode, attributes in {@code ce_*} headers, the event as JSON in
 * the value. Only what this consumer needs is read.
 */
public record CloudEvent(String id, String type, String subject, Instant time, JsonNode data) {

    public static CloudEvent from(ConsumerRecord<String, byte[]> record, ObjectMapper json) {
        String id = required(record, "ce_id");
        String type = required(record, "ce_type");
        Instant time;
        try {
            time = Instant.parse(required(record, "ce_time"));
        } catch (DateTimeParseException e) {
            throw new PoisonRecordException("ce_time is not an RFC 3339 time", e);
        }
        if (record.value() == null) {
            throw new PoisonRecordException("record " + id + " has no value");
        }
        JsonNode data;
        try {
            data = json.readTree(record.value());
        } catch (Exception e) {
            throw new PoisonRecordException("the value of " + id + " is not JSON", e);
        }
        if (data == null || !data.isObject()) {
            throw new PoisonRecordException("the value of " + id + " is not a JSON object");
        }
        return new CloudEvent(id, type, header(record, "ce_subject"), time, data);
    }

    /** A text field of the data that must be present. */
    public String text(String field) {
        JsonNode node = data.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new PoisonRecordException(type + " " + id + " lacks the text field '" + field + "'");
        }
        return node.asText();
    }

    private static String required(ConsumerRecord<?, ?> record, String name) {
        String value = header(record, name);
        if (value == null || value.isBlank()) {
            throw new PoisonRecordException("record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " has no " + name + " header");
        }
        return value;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
