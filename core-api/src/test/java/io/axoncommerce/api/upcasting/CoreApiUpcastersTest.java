package io.axoncommerce.api.upcasting;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link OrderPlacedEvent}s as older releases stored them, read through the upcaster chain: each comes out as the
 * event the current release would have stored for the same order, with exact amounts.
 */
class CoreApiUpcastersTest {

    private static final String ORDER_PLACED = OrderPlacedEvent.class.getName();
    /** Revision 1: before the idempotency key and the line totals. */
    private static final String REVISION_1 = """
            {"orderId":"o-1","customerId":"c-1","lines":[
              {"productId":"p-1","quantity":2,"unitPrice":{"amount":22.49,"currency":"EUR"}},
              {"productId":"p-2","quantity":3,"unitPrice":{"amount":10.00,"currency":"EUR"}}],
             "total":{"amount":74.98,"currency":"EUR"},"paymentToken":"tok_visa"}""";
    /** Revision 2: with the request fingerprint, still without line totals. */
    private static final String REVISION_2 = """
            {"orderId":"o-2","customerId":"c-1","lines":[
              {"productId":"p-1","quantity":1,"unitPrice":{"amount":0.10,"currency":"USD"}}],
             "total":{"amount":0.10,"currency":"USD"},"paymentToken":"tok_visa","requestFingerprint":"f-1"}""";

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void aRevisionOneOrderReadsAsTheCurrentEventWithLineTotalsAndNoFingerprint() {
        OrderPlacedEvent event = (OrderPlacedEvent) read(CoreApiUpcasters.chain(), ORDER_PLACED, "1", REVISION_1)
                .getPayload();

        assertThat(event).isEqualTo(new OrderPlacedEvent("o-1", "c-1", List.of(
                new OrderLine("p-1", 2, Money.of("22.49", "EUR"), Money.of("44.98", "EUR")),
                new OrderLine("p-2", 3, Money.of("10.00", "EUR"), Money.of("30.00", "EUR"))),
                Money.of("74.98", "EUR"), "tok_visa", null));
        // exact decimals: what the read models and Kafka consumers show keeps its scale
        assertThat(event.lines().get(1).unitPrice().amount().toPlainString()).isEqualTo("10.00");
        assertThat(event.lines().get(1).lineTotal().amount().toPlainString()).isEqualTo("30.00");
    }

    @Test
    void aRevisionTwoOrderKeepsItsFingerprintAndGainsLineTotals() {
        DomainEventMessage<?> message = read(CoreApiUpcasters.chain(), ORDER_PLACED, "2", REVISION_2);

        assertThat(message.getPayload()).isEqualTo(new OrderPlacedEvent("o-2", "c-1",
                List.of(new OrderLine("p-1", 1, Money.of("0.10", "USD"))), Money.of("0.10", "USD"), "tok_visa",
                "f-1"));
        assertThat(((OrderPlacedEvent) message.getPayload()).lines().getFirst().lineTotal().amount().toPlainString())
                .isEqualTo("0.10");
    }

    @Test
    void withoutTheUpcasterAnOldOrderCannotBeRead() {
        DomainEventMessage<?> message = read(NoOpEventUpcaster.INSTANCE, ORDER_PLACED, "2", REVISION_2);

        assertThatThrownBy(message::getPayload).isInstanceOf(SerializationException.class)
                .rootCause().hasMessageContaining("lineTotal");
    }

    @Test
    void currentEventsAndOtherEventsPassUnchanged() {
        OrderPlacedEvent current = new OrderPlacedEvent("o-3", "c-1",
                List.of(new OrderLine("p-1", 2, Money.of("1.50", "EUR"))), Money.of("3.00", "EUR"), "tok_visa", "f");
        String stored = new String(serializer.serialize(current, byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(read(CoreApiUpcasters.chain(), ORDER_PLACED, "3", stored).getPayload()).isEqualTo(current);

        DomainEventMessage<?> other = read(CoreApiUpcasters.chain(), OrderStockReservedEvent.class.getName(), "1",
                "{\"orderId\":\"o-3\"}");
        assertThat(other.getPayload()).isEqualTo(new OrderStockReservedEvent("o-3"));
        assertThat(other.getIdentifier()).isEqualTo("event-1");
    }

    private DomainEventMessage<?> read(EventUpcaster upcaster, String type, String revision, String json) {
        var stored = new StoredEvent(new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class,
                type, revision));
        return (DomainEventMessage<?>) EventUtils.upcastAndDeserializeTrackedEvents(Stream.of(stored), serializer,
                upcaster).findFirst().orElseThrow();
    }

    /** An event as the store hands it to the upcasters: serialized, with its place in the stream and its aggregate. */
    private record StoredEvent(SerializedObject<byte[]> getPayload)
            implements TrackedEventData<byte[]>, DomainEventData<byte[]> {

        @Override
        public TrackingToken trackingToken() {
            return new GlobalSequenceTrackingToken(0);
        }

        @Override
        public String getType() {
            return "Order";
        }

        @Override
        public String getAggregateIdentifier() {
            return "o";
        }

        @Override
        public long getSequenceNumber() {
            return 0;
        }

        @Override
        public String getEventIdentifier() {
            return "event-1";
        }

        @Override
        public Instant getTimestamp() {
            return Instant.EPOCH;
        }

        @Override
        public SerializedObject<byte[]> getMetaData() {
            return new SimpleSerializedObject<>("{}".getBytes(StandardCharsets.UTF_8), byte[].class,
                    org.axonframework.messaging.MetaData.class.getName(), null);
        }
    }
}
