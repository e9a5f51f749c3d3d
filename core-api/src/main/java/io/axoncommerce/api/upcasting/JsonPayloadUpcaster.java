package io.axoncommerce.api.upcasting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One step of an event's JSON payload from one revision to the next. It reads and writes the stored bytes with its own
 * mapper, which keeps decimals exact ({@code 10.00} stays {@code 10.00}, not the double {@code 10.0}): the
 * application's mapper may read JSON numbers as doubles, and the upcast payload is what the read models and the Kafka
 * bridge's consumers then see. The step edits the JSON only, never through the current event classes, which will
 * change again.
 */
public final class JsonPayloadUpcaster extends SingleEventUpcaster {

    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final String payloadType;
    private final String fromRevision;
    private final SerializedType to;
    private final Consumer<ObjectNode> change;

    /**
     * @param payloadType  the event's class name as stored
     * @param fromRevision the revision this step reads ({@code null} for events stored without one)
     * @param toRevision   the revision it writes
     * @param change       edits the payload in place
     */
    public JsonPayloadUpcaster(String payloadType, String fromRevision, String toRevision,
                               Consumer<ObjectNode> change) {
        this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
        this.fromRevision = fromRevision;
        this.to = new SimpleSerializedType(payloadType, Objects.requireNonNull(toRevision, "toRevision"));
        this.change = Objects.requireNonNull(change, "change");
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return payloadType.equals(representation.getType().getName())
                && Objects.equals(fromRevision, representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, byte[].class, this::apply);
    }

    private byte[] apply(byte[] json) {
        try {
            ObjectNode payload = (ObjectNode) EXACT.readTree(json);
            change.accept(payload);
            return EXACT.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot upcast " + payloadType + " from revision " + fromRevision, e);
        } catch (IOException e) {
            throw new SerializationException("cannot read " + payloadType + " of revision " + fromRevision, e);
        }
    }

    @Override
    public String toString() {
        return "JsonPayloadUpcaster[" + payloadType + " " + fromRevision + " -> " + to.getRevision() + "]";
    }
}
