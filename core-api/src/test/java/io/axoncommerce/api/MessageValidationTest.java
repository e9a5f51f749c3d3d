package io.axoncommerce.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.AddStockCommand;
import io.axoncommerce.api.inventory.InventoryId;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderLineRequest;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.api.product.ChangeProductPriceCommand;
import io.axoncommerce.api.product.CreateProductCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class MessageValidationTest {

    private static final Money EUR_10 = Money.of("10.00", "EUR");

    static Stream<Arguments> invalidMessages() {
        return Stream.of(
                arguments("productId", (Executable) () -> new CreateProductCommand(" ", "n", "d", "c", EUR_10)),
                arguments("name", (Executable) () -> new CreateProductCommand("p", "", "d", "c", EUR_10)),
                arguments("description", (Executable) () -> new CreateProductCommand("p", "n", null, "c", EUR_10)),
                arguments("category", (Executable) () -> new CreateProductCommand("p", "n", "d", null, EUR_10)),
                arguments("price", (Executable) () -> new ChangeProductPriceCommand("p", null)),
                arguments("amount", (Executable) () -> Money.of("-0.01", "EUR")),
                arguments("amount", (Executable) () -> Money.of("ten", "EUR")),
                arguments("amount", (Executable) () -> new Money(null, "EUR")),
                arguments("currency", (Executable) () -> Money.of("1", "euro")),
                arguments("currency", (Executable) () -> Money.of("1", "XYZ")),
                arguments("currency", (Executable) () -> Money.of("1", null)),
                arguments("quantity", (Executable) () -> new AddStockCommand("p", 0)),
                arguments("quantity", (Executable) () -> new ReserveStockCommand("p", "o", -1)),
                arguments("orderId", (Executable) () -> new ReserveStockCommand("p", "", 1)),
                arguments("available", (Executable) () -> new StockAddedEvent("p", 1, -1)),
                arguments("reason", (Executable) () -> new CancelOrderCommand("o", null)),
                arguments("customerId", (Executable) () -> new PlaceOrderCommand("o", " ",
                        List.of(new OrderLineRequest("p", 1)), "tok")),
                arguments("lines", (Executable) () -> new PlaceOrderCommand("o", "c", List.of(), "tok")),
                arguments("lines", (Executable) () -> new PlaceOrderCommand("o", "c", null, "tok")),
                arguments("lines[1].productId", (Executable) () -> new PlaceOrderCommand("o", "c",
                        List.of(new OrderLineRequest("p", 1), new OrderLineRequest("p", 2)), "tok")),
                arguments("paymentToken", (Executable) () -> new PlaceOrderCommand("o", "c",
                        List.of(new OrderLineRequest("p", 1)), "")),
                arguments("unitPrice", (Executable) () -> new OrderLine("p", 1, null)),
                arguments("quantity", (Executable) () -> new OrderLine("p", -1, EUR_10)),
                arguments("lineTotal", (Executable) () -> new OrderLine("p", 2, EUR_10, null)),
                arguments("lineTotal", (Executable) () -> new OrderLine("p", 2, EUR_10, EUR_10)),
                arguments("total", (Executable) () -> new OrderPlacedEvent("o", "c",
                        List.of(new OrderLine("p", 2, EUR_10)), EUR_10, "tok")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMessages")
    void rejectsInvalidValuesNamingTheField(String field, Executable construction) {
        assertThatThrownBy(construction::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field);
    }

    @Test
    void deserializingInvalidJsonFailsNamingTheField() {
        ObjectMapper mapper = new ObjectMapper();
        assertThatThrownBy(() -> mapper.readValue("{\"productId\":\"p-1\",\"quantity\":0}", AddStockCommand.class))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("quantity must be greater than 0 but was 0");
    }

    @Test
    void copiesListsSoCallersCannotChangeAMessage() {
        List<OrderLineRequest> lines = new ArrayList<>(List.of(new OrderLineRequest("p", 1)));
        PlaceOrderCommand command = new PlaceOrderCommand("o", "c", lines, "tok_visa");
        lines.add(new OrderLineRequest("q", 1));

        assertThat(command.lines()).hasSize(1);
        assertThatThrownBy(() -> command.lines().add(new OrderLineRequest("r", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void moneyComparesByValueAndAddsOnlyTheSameCurrency() {
        assertThat(Money.of("10.0", "EUR")).isEqualTo(EUR_10).hasSameHashCodeAs(EUR_10);
        assertThat(EUR_10.plus(Money.of("0.5", "EUR"))).isEqualTo(Money.of("10.50", "EUR"));
        assertThat(EUR_10.times(3).amount()).isEqualByComparingTo(new BigDecimal("30"));
        assertThat(Money.zero("EUR").isZero()).isTrue();
        assertThat(EUR_10.isZero()).isFalse();
        assertThatThrownBy(() -> EUR_10.plus(Money.of("1", "USD")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currency");
    }

    @Test
    void paymentTokenIsMaskedAndInventoryIsRoutedByPrefixedProductId() {
        PlaceOrderCommand command = new PlaceOrderCommand("o", "c", List.of(new OrderLineRequest("p", 1)),
                "tok_visa_4242");
        assertThat(command.toString()).doesNotContain("tok_visa").contains("****4242");
        assertThat(new AddStockCommand("p-1", 1).inventoryId()).isEqualTo(InventoryId.of("p-1"))
                .isEqualTo("inventory-p-1");
    }
}
