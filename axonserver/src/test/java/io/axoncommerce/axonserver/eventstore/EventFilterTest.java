package io.axoncommerce.axonserver.eventstore;

import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFilterTest {

    private static EventWithToken event(long token, String aggregateId, long sequence, String type) {
        return EventWithToken.newBuilder().setToken(token).setEvent(
                Event.newBuilder().setAggregateIdentifier(aggregateId).setAggregateSequenceNumber(sequence)
                     .setAggregateType("Order").setPayload(SerializedObject.newBuilder().setType(type))).build();
    }

    @Test
    void emptyQueryMatchesEverything() {
        EventFilter filter = EventFilter.parse("  ");
        assertThat(filter.predicate().test(event(0, "", 0, "x"))).isTrue();
        assertThat(filter.limit()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void combinesTextAndNumberComparisons() {
        EventFilter filter = EventFilter.parse(
                "aggregateIdentifier = \"order-1\" and aggregateSequenceNumber >= 2 and payloadType != \"Noise\" "
                        + "| limit(5)");
        assertThat(filter.predicate().test(event(10, "order-1", 2, "OrderPlaced"))).isTrue();
        assertThat(filter.predicate().test(event(11, "order-1", 1, "OrderPlaced"))).isFalse();
        assertThat(filter.predicate().test(event(12, "order-2", 3, "OrderPlaced"))).isFalse();
        assertThat(filter.predicate().test(event(13, "order-1", 3, "Noise"))).isFalse();
        assertThat(filter.limit()).isEqualTo(5);
    }

    @Test
    void rejectsWhatItCannotParse() {
        assertThatThrownBy(() -> EventFilter.parse("colour = \"red\"")).hasMessageContaining("Unknown field");
        assertThatThrownBy(() -> EventFilter.parse("token = \"abc\"")).hasMessageContaining("numeric");
        assertThatThrownBy(() -> EventFilter.parse("aggregateIdentifier ~ 1")).hasMessageContaining("Cannot parse");
    }
}
