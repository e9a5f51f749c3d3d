package io.axoncommerce.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.query.product.ProductSearchProjection;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Product search against the real Elasticsearch node: relevance, filters, facets, sorting, paging, availability and
 * discontinuation from events, idempotency, and refusal of bad input. Each test run uses its own category, so the
 * shared index's other products do not disturb the counts.
 */
class ProductSearchIT extends QuerySideIT {

    @Autowired
    private ProductSearchProjection projection;

    private String category;
    private String kettleInName;
    private String kettleInDescription;
    private String teapot;
    private String mug;

    @BeforeEach
    void catalogue() {
        category = "kitchen" + UUID.randomUUID().toString().substring(0, 6);
        kettleInName = create("Copper kettle", "Whistles when the water boils", "39.00");
        kettleInDescription = create("Stove top set", "A pan, a lid and a small kettle", "120.00");
        teapot = create("Glass teapot", "Brews loose leaf tea", "18.50");
        mug = create("Enamel mug", "Camping classic", "7.25");
        stock(kettleInName, 5);
        stock(teapot, 2);
        append("Product", mug, new ProductPriceChangedEvent(mug, Money.of("7.25", "EUR"), Money.of("6.00", "EUR")));
        append("Product", teapot, new ProductDiscontinuedEvent(teapot));
        await().atMost(Duration.ofSeconds(30)).until(() -> search("category=" + category).get("total").asLong() == 4
                && product(mug).get("price").get("amount").decimalValue().compareTo(new java.math.BigDecimal("6.00")) == 0
                && product(teapot).get("discontinued").asBoolean()
                && product(kettleInName).get("available").asInt() == 5);
    }

    private String create(String name, String description, String price) {
        String productId = "p-" + UUID.randomUUID();
        append("Product", productId, new ProductCreatedEvent(productId, name, description, category,
                Money.of(price, "EUR")));
        return productId;
    }

    private void stock(String productId, int quantity) {
        append("Inventory", "inventory-" + productId, new StockAddedEvent(productId, quantity, quantity));
    }

    private JsonNode search(String parameters) {
        return getJson("/api/products?" + parameters);
    }

    private JsonNode product(String productId) {
        var response = get("/api/products/" + productId);
        return response.statusCode() == 200 ? json(response) : JSON.createObjectNode();
    }

    private static List<String> ids(JsonNode result) {
        return result.get("items").findValuesAsText("productId");
    }

    @Test
    void aNameMatchOutranksADescriptionMatch() {
        JsonNode result = search("q=kettle&category=" + category);
        assertThat(ids(result)).containsExactly(kettleInName, kettleInDescription);
    }

    @Test
    void filtersByPriceAndAvailability() {
        assertThat(ids(search("category=" + category + "&minPrice=10&maxPrice=50&sort=price")))
                .containsExactly(teapot, kettleInName);
        assertThat(ids(search("category=" + category + "&inStock=true&sort=price")))
                .containsExactly(teapot, kettleInName);
        assertThat(ids(search("category=" + category + "&inStock=false&sort=-price")))
                .containsExactly(kettleInDescription, mug);
        JsonNode teapotView = product(teapot);
        assertThat(teapotView.get("discontinued").asBoolean()).isTrue();
        assertThat(teapotView.get("inStock").asBoolean()).isTrue();
    }

    @Test
    void facetsCountCategoriesAndPriceRanges() {
        JsonNode result = search("category=" + category);
        assertThat(result.get("categories")).hasSize(1);
        assertThat(result.get("categories").get(0).get("category").asText()).isEqualTo(category);
        assertThat(result.get("categories").get(0).get("count").asLong()).isEqualTo(4);
        Map<String, Long> ranges = new HashMap<>();
        result.get("priceRanges").forEach(range -> ranges.put(
                bound(range.get("from")) + "-" + bound(range.get("to")), range.get("count").asLong()));
        assertThat(ranges).containsEntry("*-10", 1L).containsEntry("10-25", 1L).containsEntry("25-50", 1L)
                .containsEntry("50-100", 0L).containsEntry("100-*", 1L);
    }

    private static String bound(JsonNode value) {
        return value == null || value.isNull() ? "*" : value.decimalValue().stripTrailingZeros().toPlainString();
    }

    @Test
    void sortsAndPages() {
        JsonNode first = search("category=" + category + "&sort=name&size=3&page=0");
        JsonNode second = search("category=" + category + "&sort=name&size=3&page=1");
        assertThat(first.get("total").asLong()).isEqualTo(4);
        assertThat(ids(first)).containsExactly(kettleInName, mug, teapot);
        assertThat(ids(second)).containsExactly(kettleInDescription);
        assertThat(ids(search("category=" + category + "&sort=-price&size=1"))).containsExactly(kettleInDescription);
    }

    @Test
    void duplicateAndOlderEventsChangeNothing() {
        JsonNode before = product(kettleInName);
        var adapter = new AnnotationEventHandlerAdapter(projection);
        handle(adapter, "Product", kettleInName, 0, new ProductCreatedEvent(kettleInName, "Renamed", "x", "other",
                Money.of("1.00", "EUR")));
        handle(adapter, "Inventory", "inventory-" + kettleInName, 0,
                new StockReservedEvent(kettleInName, "o-1", 5, 0));
        assertThat(product(kettleInName)).isEqualTo(before);
    }

    @Test
    void badInputIs400NamingTheParameterAndUnknownProductsAre404() {
        Map<String, String> bad = Map.of(
                "size=0", "size",
                "size=10000", "size",
                "sort=popularity", "sort",
                "minPrice=cheap", "minPrice",
                "maxPrice=1e", "maxPrice",
                "inStock=maybe", "inStock",
                "q=" + URLEncoder.encode("name:kettle AND price:[0 TO 10]", StandardCharsets.UTF_8), "q",
                "q=" + URLEncoder.encode("kett*", StandardCharsets.UTF_8), "q",
                "page=500&size=100", "page");
        bad.forEach((query, parameter) -> {
            var response = get("/api/products?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(json(response).get("parameter").asText()).as(query).isEqualTo(parameter);
        });
        assertThat(get("/api/products/no-such-product").statusCode()).isEqualTo(404);
    }

    private static void handle(AnnotationEventHandlerAdapter adapter, String type, String aggregateId, long sequence,
                               Object payload) {
        var message = new GenericDomainEventMessage<>(type, aggregateId, sequence, payload);
        try {
            DefaultUnitOfWork.startAndGet(message).executeWithResult(() -> adapter.handle(message))
                    .optionalExceptionResult().ifPresent(e -> {
                        throw new AssertionError(e);
                    });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
