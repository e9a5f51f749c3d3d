package io.axoncommerce.support.deadletter;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON both admin APIs answer with: the bridge's without an event payload, query-side's with it. */
class DeadLetterViewTest {

    private final ObjectMapper json = new ObjectMapper();

    private static DeadLetterView letter(Object event) {
        return new DeadLetterView("m-1", "com.example.Created", event, "product-1", 0L, null, null, null, 0, null, null);
    }

    @Test
    void withoutAPayloadThereIsNoEventFieldAndTheOtherNullsStay() {
        JsonNode node = json.valueToTree(letter(null));

        assertThat(node.has("event")).isFalse();
        assertThat(node.has("error")).isTrue();
        assertThat(node.get("error").isNull()).isTrue();
        assertThat(node.fieldNames()).toIterable().containsExactly("messageId", "eventType", "aggregateId",
                "aggregateSequence", "eventTimestamp", "errorType", "error", "attempts", "enqueuedAt", "lastTouched");
    }

    @Test
    void withAPayloadTheEventFollowsTheEventType() {
        JsonNode node = json.valueToTree(new DeadLetterView.Sequence("product-1", List.of(letter("payload"))));

        assertThat(node.get("sequence").asText()).isEqualTo("product-1");
        JsonNode first = node.get("letters").get(0);
        assertThat(first.fieldNames()).toIterable().startsWith("messageId", "eventType", "event", "aggregateId");
        assertThat(first.get("event").asText()).isEqualTo("payload");
    }
}
