package io.axoncommerce.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDetailsUpdatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The command REST API end to end through the real Axon command bus and event store. */
class CommandApiIT extends CommandSideSpringTest {

    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private CommandGateway commandGateway;

    // --- products -------------------------------------------------------------------------------------------

    @Test
    void createsAProductWith201LocationAndId() throws Exception {
        String body = """
                {"name": "Mug", "description": "A big mug", "category": "kitchen",
                 "price": {"amount": 12.50, "currency": "EUR"}}""";

        JsonNode created = read(mvc.perform(json(post("/api/products"), body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("http://localhost/api/products/"))));
        String productId = created.get("productId").asText();

        assertThat(UUID.fromString(productId)).isNotNull();
        assertThat(storedPayloads()).contains(
                new ProductCreatedEvent(productId, "Mug", "A big mug", "kitchen", Money.of("12.50", "EUR")));
    }

    @Test
    void aClientChosenIdCanBeCreatedOnlyOnce() throws Exception {
        String id = "sku-" + UUID.randomUUID();
        String body = """
                {"productId": "%s", "name": "Mug", "category": "kitchen", "price": {"amount": 1, "currency": "EUR"}}
                """.formatted(id);
        mvc.perform(json(post("/api/products"), body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", endsWith("/api/products/" + id)))
                .andExpect(jsonPath("$.productId").value(id));
        int stored = storedEvents().size();

        mvc.perform(json(post("/api/products"), body))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.code").value("PRODUCT_ALREADY_EXISTS"))
                .andExpect(jsonPath("$.status").value(409));
        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void invalidInputIsA400NamingEveryField() throws Exception {
        int stored = storedEvents().size();
        String body = """
                {"name": " ", "category": "kitchen", "price": {"amount": -1, "currency": "XYZ"}}""";

        mvc.perform(json(post("/api/products"), body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Bad Request"))
                .andExpect(jsonPath("$.errors[*].field")
                        .value(containsInAnyOrder("name", "price.amount", "price.currency")));
        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void unknownFieldsAreRejectedNotIgnored() throws Exception {
        String body = """
                {"name": "Mug", "category": "kitchen", "colour": "red", "price": {"amount": 1, "currency": "EUR"}}""";

        mvc.perform(json(post("/api/products"), body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("colour"))
                .andExpect(jsonPath("$.detail").value(containsString("colour")));
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        mvc.perform(json(post("/api/products"), "{\"name\": \"Mug\", "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value(startsWith("Malformed JSON")));
    }

    @Test
    void aWrongJsonTypeNamesTheField() throws Exception {
        String productId = createProduct("5.00", "EUR");
        mvc.perform(json(post("/api/products/" + productId + "/stock"), "{\"quantity\": \"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("quantity"));
    }

    @Test
    void updatesDetailsAndPrice() throws Exception {
        String productId = createProduct("5.00", "EUR");

        mvc.perform(json(put("/api/products/" + productId),
                        "{\"name\": \"Plate\", \"description\": \"Flat\", \"category\": \"dining\"}"))
                .andExpect(status().isNoContent());
        mvc.perform(json(put("/api/products/" + productId + "/price"), "{\"amount\": 6.5, \"currency\": \"EUR\"}"))
                .andExpect(status().isNoContent());

        assertThat(storedPayloads()).contains(
                new ProductDetailsUpdatedEvent(productId, "Plate", "Flat", "dining"),
                new ProductPriceChangedEvent(productId, Money.of("5.00", "EUR"), Money.of("6.50", "EUR")));
    }

    @Test
    void anUnknownProductIsA404() throws Exception {
        int stored = storedEvents().size();
        mvc.perform(json(put("/api/products/no-such-product/price"), "{\"amount\": 1, \"currency\": \"EUR\"}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.code").value("PRODUCT_NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value(containsString("no-such-product")));
        mvc.perform(delete("/api/products/no-such-product"))
                .andExpect(status().isNotFound());
        mvc.perform(json(post("/api/products/no-such-product/stock"), "{\"quantity\": 3}"))
                .andExpect(status().isNotFound());
        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void aDiscontinuedProductCannotBeChangedOrStockedIsA422() throws Exception {
        String productId = createProduct("5.00", "EUR");
        mvc.perform(delete("/api/products/" + productId)).andExpect(status().isNoContent());
        mvc.perform(delete("/api/products/" + productId)).andExpect(status().isNoContent());
        assertThat(storedPayloads()).containsOnlyOnce(new ProductDiscontinuedEvent(productId));
        int stored = storedEvents().size();

        mvc.perform(json(put("/api/products/" + productId + "/price"), "{\"amount\": 1, \"currency\": \"EUR\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.code").value("PRODUCT_DISCONTINUED"))
                .andExpect(jsonPath("$.type").value("urn:axon-commerce:problem:product-discontinued"));
        mvc.perform(json(put("/api/products/" + productId), "{\"name\": \"X\", \"category\": \"y\"}"))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(json(post("/api/products/" + productId + "/stock"), "{\"quantity\": 3}"))
                .andExpect(status().isUnprocessableEntity());
        assertThat(storedEvents()).hasSize(stored);
    }

    // --- stock ----------------------------------------------------------------------------------------------

    @Test
    void addsStockAndAnswersWithWhatIsAvailable() throws Exception {
        String productId = createProduct("5.00", "EUR");

        mvc.perform(json(post("/api/products/" + productId + "/stock"), "{\"quantity\": 7}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.available").value(7));
        mvc.perform(json(post("/api/products/" + productId + "/stock"), "{\"quantity\": 3}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.productId").value(productId))
                .andExpect(jsonPath("$.available").value(10));

        assertThat(storedPayloads()).contains(new StockAddedEvent(productId, 7, 7), new StockAddedEvent(productId, 3, 10));
    }

    @Test
    void aNonPositiveOrMissingQuantityIsA400() throws Exception {
        String productId = createProduct("5.00", "EUR");
        int stored = storedEvents().size();
        mvc.perform(json(post("/api/products/" + productId + "/stock"), "{\"quantity\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("quantity"));
        mvc.perform(json(post("/api/products/" + productId + "/stock"), "{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("quantity"));
        assertThat(storedEvents()).hasSize(stored);
    }

    // --- orders ---------------------------------------------------------------------------------------------

    @Test
    void placesAnOrderPricedFromTheCatalogue() throws Exception {
        String mug = createProduct("12.50", "EUR");
        String plate = createProduct("4.00", "EUR");

        JsonNode accepted = read(mvc.perform(json(post("/api/orders"), """
                        {"paymentToken": "tok_visa",
                         "lines": [{"productId": "%s", "quantity": 2}, {"productId": "%s", "quantity": 1}]}
                        """.formatted(mug, plate)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("PLACED")));
        String orderId = accepted.get("orderId").asText();

        assertThat(storedPayloads()).contains(new OrderPlacedEvent(orderId, "c-1",
                List.of(new OrderLine(mug, 2, Money.of("12.50", "EUR")), new OrderLine(plate, 1, Money.of("4", "EUR"))),
                Money.of("29.00", "EUR"), "tok_visa"));
    }

    @Test
    void aClientCannotSendPrices() throws Exception {
        String mug = createProduct("12.50", "EUR");
        int stored = storedEvents().size();
        mvc.perform(json(post("/api/orders"), """
                        {"paymentToken": "tok_visa",
                         "lines": [{"productId": "%s", "quantity": 2, "unitPrice": 0.01}]}""".formatted(mug)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].unitPrice"));
        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void invalidOrdersAreA400NamingTheField() throws Exception {
        String mug = createProduct("12.50", "EUR");
        int stored = storedEvents().size();
        mvc.perform(json(post("/api/orders"), "{\"paymentToken\": \" \", \"lines\": []}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("paymentToken", "lines")));
        mvc.perform(json(post("/api/orders"), """
                        {"paymentToken": "tok_visa",
                         "lines": [{"productId": "%s", "quantity": -2}]}""".formatted(mug)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].quantity"));
        mvc.perform(json(post("/api/orders"), """
                        {"paymentToken": "tok_visa",
                         "lines": [{"productId": "%1$s", "quantity": 1}, {"productId": "%1$s", "quantity": 1}]}
                        """.formatted(mug)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lines[1].productId"));
        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void orderingADiscontinuedOrUnknownProductIsA422() throws Exception {
        String mug = createProduct("12.50", "EUR");
        String old = createProduct("1.00", "EUR");
        mvc.perform(delete("/api/products/" + old)).andExpect(status().isNoContent());
        int stored = storedEvents().size();

        mvc.perform(json(post("/api/orders"), orderOf(mug, old)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("PRODUCT_DISCONTINUED"));
        mvc.perform(json(post("/api/orders"), orderOf(mug, "no-such-product")))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("UNKNOWN_PRODUCT"))
                .andExpect(jsonPath("$.detail").value(containsString("no-such-product")));
        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void cancelsAnOrderOnceAndRepeatsHarmlessly() throws Exception {
        String orderId = placeOrder(createProduct("3.00", "EUR"));

        mvc.perform(post("/api/orders/" + orderId + "/cancel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.orderId").value(orderId))
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(post("/api/orders/" + orderId + "/cancel"))
                .andExpect(status().isOk());

        assertThat(storedPayloads())
                .containsOnlyOnce(new OrderCancelledEvent(orderId, CancellationReason.CUSTOMER_REQUEST));
    }

    @Test
    void cancellingAConfirmedOrderIsA409() throws Exception {
        String orderId = placeOrder(createProduct("3.00", "EUR"));
        // What the saga does once stock is reserved and payment succeeded.
        commandGateway.sendAndWait(new MarkOrderStockReservedCommand(orderId));
        commandGateway.sendAndWait(new ConfirmOrderCommand(orderId));
        int stored = storedEvents().size();

        mvc.perform(post("/api/orders/" + orderId + "/cancel"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.code").value("ILLEGAL_ORDER_STATE"))
                .andExpect(jsonPath("$.detail").value(containsString("CONFIRMED")));
        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void cancellingAnUnknownOrderIsA404() throws Exception {
        mvc.perform(post("/api/orders/" + UUID.randomUUID() + "/cancel"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("ORDER_NOT_FOUND"));
    }

    // --- documentation --------------------------------------------------------------------------------------

    @Test
    void publishesAnOpenApiDescriptionAndSwaggerUi() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/products'].post").exists())
                .andExpect(jsonPath("$.paths['/api/products/{productId}/stock'].post").exists())
                .andExpect(jsonPath("$.paths['/api/orders/{orderId}/cancel'].post").exists())
                .andExpect(jsonPath("$.components.schemas.PlaceOrderRequest.required").value(hasItem("lines")))
                .andExpect(jsonPath("$.paths['/api/orders'].post.responses['422'].content['application/problem+json']")
                        .exists())
                .andExpect(jsonPath("$.paths['/api/orders/{orderId}/cancel'].post.responses['409']").exists())
                .andExpect(jsonPath("$.paths['/api/products/{productId}/price'].put.responses['404']").exists());
        mvc.perform(get("/swagger-ui.html"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", containsString("swagger-ui/index.html")));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private String createProduct(String amount, String currency) throws Exception {
        String body = """
                {"name": "Thing", "category": "misc", "price": {"amount": %s, "currency": "%s"}}"""
                .formatted(amount, currency);
        return read(mvc.perform(json(post("/api/products"), body)).andExpect(status().isCreated()))
                .get("productId").asText();
    }

    private String placeOrder(String productId) throws Exception {
        return read(mvc.perform(json(post("/api/orders"), orderOf(productId)))
                .andExpect(status().isAccepted()))
                .get("orderId").asText();
    }

    private static String orderOf(String... productIds) {
        StringBuilder lines = new StringBuilder();
        for (String productId : productIds) {
            lines.append(lines.isEmpty() ? "" : ",").append("{\"productId\": \"").append(productId)
                    .append("\", \"quantity\": 1}");
        }
        return "{\"paymentToken\": \"tok_visa\", \"lines\": [" + lines + "]}";
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
