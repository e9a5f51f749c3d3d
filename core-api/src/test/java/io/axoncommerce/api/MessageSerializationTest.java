package io.axoncommerce.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.AddStockCommand;
import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderLineRequest;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.api.product.ChangeProductPriceCommand;
import io.axoncommerce.api.product.CreateProductCommand;
import io.axoncommerce.api.product.DiscontinueProductCommand;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDetailsUpdatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.api.product.UpdateProductDetailsCommand;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message crosses process boundaries through Axon's JacksonSerializer (events in the store, commands through
 * Axon Server), so each one must come back equal after a round trip. Two object mappers: Axon's own default (a bare
 * {@code new ObjectMapper()}, which fails on unknown properties) and one like Spring Boot's (modules registered).
 */
class MessageSerializationTest {

    private static final Money PRICE = Money.of("19.99", "EUR");

    static Stream<Object> messages() {
        List<OrderLine> lines = List.of(new OrderLine("p-1", 2, PRICE), new OrderLine("p-2", 1, Money.of("5.00", "EUR")));
        return Stream.of(
                Money.of("0.10", "USD"),
                new CreateProductCommand("p-1", "Mug", "A big mug", "kitchen", PRICE),
                new UpdateProductDetailsCommand("p-1", "Mug XL", "", "kitchen"),
                new ChangeProductPriceCommand("p-1", Money.of("21.00", "EUR")),
                new DiscontinueProductCommand("p-1"),
                new ProductCreatedEvent("p-1", "Mug", "A big mug", "kitchen", PRICE),
                new ProductDetailsUpdatedEvent("p-1", "Mug XL", "Bigger", "kitchen"),
                new ProductPriceChangedEvent("p-1", PRICE, Money.of("21.00", "EUR")),
                new ProductDiscontinuedEvent("p-1"),
                new AddStockCommand("p-1", 10),
                new ReserveStockCommand("p-1", "o-1", 2),
                new ReleaseStockCommand("p-1", "o-1"),
                new CommitStockCommand("p-1", "o-1"),
                new StockAddedEvent("p-1", 10, 10),
                new StockReservedEvent("p-1", "o-1", 2, 8),
                new StockReservationRejectedEvent("p-1", "o-1", 20, 0),
                new StockReleasedEvent("p-1", "o-1", 2, 10),
                new StockCommittedEvent("p-1", "o-1", 2),
                new OrderLineRequest("p-1", 2),
                new OrderLine("p-1", 2, PRICE),
                new PlaceOrderCommand("o-1", "c-1", List.of(new OrderLineRequest("p-1", 2)), "tok_visa"),
                new PlaceOrderCommand("o-1", "c-1", List.of(new OrderLineRequest("p-1", 2)), "tok_visa", "f1"),
                new OrderPlacedEvent("o-1", "c-1", lines, Money.of("44.98", "EUR"), "tok_visa"),
                new OrderPlacedEvent("o-1", "c-1", lines, Money.of("44.98", "EUR"), "tok_visa", "f1"),
                new MarkOrderStockReservedCommand("o-1"),
                new OrderStockReservedEvent("o-1"),
                new ConfirmOrderCommand("o-1"),
                new OrderConfirmedEvent("o-1"),
                new CancelOrderCommand("o-1", CancellationReason.CUSTOMER_REQUEST),
                new CancelOrderCommand("o-1", CancellationReason.CUSTOMER_REQUEST, "alice"),
                new OrderCancelledEvent("o-1", CancellationReason.PAYMENT_DECLINED));
    }

    static Stream<Arguments> messagesAndSerializers() {
        return messages().flatMap(message -> Stream.of(
                Arguments.of("axon-default", JacksonSerializer.defaultSerializer(), message),
                Arguments.of("spring-like", JacksonSerializer.builder()
                        .objectMapper(JsonMapper.builder().findAndAddModules().build()).build(), message)));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("messagesAndSerializers")
    void roundTripsThroughAxonsJacksonSerializer(String mapperName, JacksonSerializer serializer, Object message) {
        SerializedObject<String> serialized = serializer.serialize(message, String.class);

        Object back = serializer.deserialize(serialized);

        assertThat(back).isEqualTo(message);
        assertThat(back).hasSameClassAs(message);
        assertThat(serialized.getType().getName()).isEqualTo(message.getClass().getName());
        Revision revision = message.getClass().getAnnotation(Revision.class);
        if (message.getClass().getSimpleName().endsWith("Event")) {
            assertThat(revision).as("events carry @Revision").isNotNull();
            assertThat(serialized.getType().getRevision()).isEqualTo(revision.value());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void writesOnlyTheRecordComponents(Object message) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(message);

        // Derived accessors (isZero, inventoryId) must not leak into the stored JSON.
        assertThat(json).doesNotContain("\"zero\"", "\"inventoryId\"");
        var componentNames = Stream.of(message.getClass().getRecordComponents()).map(c -> c.getName()).toList();
        assertThat(mapper.readTree(json).properties()).extracting(e -> e.getKey())
                .containsExactlyInAnyOrderElementsOf(componentNames);
    }

    @org.junit.jupiter.api.Test
    void keepsTheExactDecimalAmountAndTheEnumNames() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(new OrderCancelledEvent("o-1", CancellationReason.TIMEOUT));
        assertThat(json).contains("\"reason\":\"TIMEOUT\"");

        Money money = mapper.readValue(mapper.writeValueAsString(Money.of("0.30", "EUR")), Money.class);
        assertThat(money.amount()).isEqualByComparingTo("0.30");
        assertThat(money.amount().toPlainString()).isEqualTo("0.30");
    }
}
