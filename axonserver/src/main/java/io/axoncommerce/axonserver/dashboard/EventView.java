package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.event.Event;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event as the API shows it. The payload is text (JSON pretty-printed when it parses as JSON); the pages put it
 * into the document as text, never as markup.
 *
 * <p>Axon Framework 4 names its origin metadata differently from the usual terms: its {@code correlationId} is the
 * message that caused this one (the causation id) and its {@code traceId} the first message of the chain (the
 * correlation id). Both are shown under the usual names; a {@code causationId} key (newer Axon) wins when present.
 */
record EventView(Long token, String messageIdentifier, String aggregateIdentifier, String aggregateType,
                 Long sequence, Instant timestamp, String payloadType, String payloadRevision, String payload,
                 Map<String, Object> metadata, String correlationId, String causationId, boolean snapshot) {

    private static final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static EventView of(Long token, Event event) {
        Map<String, Object> metadata = new TreeMap<>();
        event.getMetaDataMap().forEach((key, value) -> metadata.put(key, value(value)));
        Object causation = metadata.getOrDefault("causationId", metadata.get("correlationId"));
        Object correlation = metadata.containsKey("causationId") ? metadata.get("correlationId")
                : metadata.get("traceId");
        boolean hasAggregate = !event.getAggregateIdentifier().isEmpty();
        return new EventView(token, event.getMessageIdentifier(),
                             hasAggregate ? event.getAggregateIdentifier() : null,
                             hasAggregate ? event.getAggregateType() : null,
                             hasAggregate ? event.getAggregateSequenceNumber() : null,
                             Instant.ofEpochMilli(event.getTimestamp()),
                             event.getPayload().getType(), event.getPayload().getRevision(),
                             payloadText(event.getPayload().getData().toByteArray()),
                             metadata, correlation == null ? null : correlation.toString(),
                             causation == null ? null : causation.toString(), event.getSnapshot());
    }

    /** The payload as text: pretty JSON when it is JSON, the text as stored otherwise, a note for binary data. */
    static String payloadText(byte[] data) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                                         .onMalformedInput(CodingErrorAction.REPORT)
                                         .onUnmappableCharacter(CodingErrorAction.REPORT)
                                         .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return "(" + data.length + " bytes of binary data)";
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode tree = json.readTree(trimmed);
                return json.writeValueAsString(tree);
            } catch (IOException e) {
                return text;
            }
        }
        return text;
    }

    private static Object value(MetaDataValue value) {
        return switch (value.getDataCase()) {
            case TEXT_VALUE -> value.getTextValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case BOOLEAN_VALUE -> value.getBooleanValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BYTES_VALUE -> {
                Map<String, Object> bytes = new LinkedHashMap<>();
                bytes.put("type", value.getBytesValue().getType());
                bytes.put("data", payloadText(value.getBytesValue().getData().toByteArray()));
                yield bytes;
            }
            case DATA_NOT_SET -> null;
        };
    }
}
