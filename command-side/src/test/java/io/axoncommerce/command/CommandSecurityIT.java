package io.axoncommerce.command;

import static io.axoncommerce.command.TestTokens.anonymous;
import static io.axoncommerce.command.TestTokens.as;
import static io.axoncommerce.command.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.security.LocalSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Who may send which command, with real signed JWTs (the local profile's key): for every endpoint anonymous → 401
 * (with {@code WWW-Authenticate: Bearer} and a problem body), the wrong role → 403, another customer → 403, the
 * right role → 2xx; and the input limits: Mongo operators as values, oversized and deeply nested bodies are 400/413
 * and store nothing; a burst over the order placement limit gets 429 while another customer is still served.
 */
class CommandSecurityIT extends CommandSideSpringTest {

    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
    private static final String PRODUCT = """
            {"name": "Mug", "category": "kitchen", "price": {"amount": 2.50, "currency": "EUR"}}""";

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    // --- catalogue: catalog-admin only -------------------------------------------------------------------------

    @Test
    void catalogueCommandsNeedTheCatalogAdminRole() throws Exception {
        String id = createProduct();
        List<MockHttpServletRequestBuilder> requests = List.of(
                body(post("/api/products"), PRODUCT),
                body(put("/api/products/" + id), "{\"name\": \"Mug 2\", \"category\": \"kitchen\"}"),
                body(put("/api/products/" + id + "/price"), "{\"amount\": 3, \"currency\": \"EUR\"}"),
                body(post("/api/products/" + id + "/stock"), "{\"quantity\": 4}"),
                delete("/api/products/" + id));
        for (MockHttpServletRequestBuilder request : requests) {
            int stored = storedEvents().size();
            unauthenticated(request.with(anonymous()));
            forbidden(request.with(as(alice, "customer")));
            forbidden(request.with(as("root", "admin")));
            assertThat(storedEvents()).as("refused requests store nothing").hasSize(stored);
            int success = mvc.perform(request.with(as("clerk", "catalog-admin"))).andReturn().getResponse().getStatus();
            assertThat(success / 100).as("catalog-admin").isEqualTo(2);
        }
    }

    @Test
    void anInvalidExpiredOrForeignTokenIs401() throws Exception {
        String foreign = LocalSigningKey.of("another-key-another-key-another-key-0123456789").mint("clerk",
                List.of("catalog-admin"), Duration.ofMinutes(5));
        String expired = LocalSigningKey.of(LocalSigningKey.DEFAULT).mint("clerk", List.of("catalog-admin"),
                Duration.ofMinutes(-5));
        for (String token : List.of(foreign, expired, "not-a-jwt")) {
            mvc.perform(body(post("/api/products"), PRODUCT).with(bearer(token)))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
        }
    }

    // --- orders: customers, their own ---------------------------------------------------------------------------

    @Test
    void placingAnOrderNeedsTheCustomerRoleAndTheCustomerIsTheTokenSubject() throws Exception {
        String product = createProduct();
        String order = order(product);
        int stored = storedEvents().size();
        unauthenticated(body(post("/api/orders"), order).with(anonymous()));
        forbidden(body(post("/api/orders"), order).with(as("clerk", "catalog-admin")));
        assertThat(storedEvents()).hasSize(stored);

        String orderId = placeOrder(alice, product);
        assertThat(storedPayloads()).anySatisfy(event -> assertThat(event)
                .isInstanceOfSatisfying(OrderPlacedEvent.class, placed -> {
                    assertThat(placed.orderId()).isEqualTo(orderId);
                    assertThat(placed.customerId()).isEqualTo(alice);
                }));
    }

    @Test
    void aBodyNamingACustomerIsRefusedEvenWithAMongoOperator() throws Exception {
        String product = createProduct();
        int stored = storedEvents().size();
        for (String customer : List.of("\"" + bob + "\"", "{\"$ne\": null}", "{\"$gt\": \"\"}")) {
            mvc.perform(body(post("/api/orders"), """
                            {"customerId": %s, "paymentToken": "tok_visa",
                             "lines": [{"productId": "%s", "quantity": 1}]}""".formatted(customer, product))
                            .with(as(alice, "customer")))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.errors[0].field").value("customerId"));
        }
        // operators where a value is expected are wrong types, never queries
        mvc.perform(body(post("/api/orders"), """
                        {"paymentToken": {"$ne": null}, "lines": [{"productId": {"$regex": ".*"}, "quantity": 1}]}""")
                        .with(as(alice, "customer")))
                .andExpect(status().isBadRequest());
        mvc.perform(body(post("/api/products"), """
                        {"name": {"$ne": null}, "category": "kitchen", "price": {"amount": 1, "currency": "EUR"}}""")
                        .with(as("clerk", "catalog-admin")))
                .andExpect(status().isBadRequest());
        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void onlyTheOrdersOwnCustomerMayCancelIt() throws Exception {
        String orderId = placeOrder(alice, createProduct());
        int stored = storedEvents().size();

        unauthenticated(post("/api/orders/" + orderId + "/cancel").with(anonymous()));
        forbidden(post("/api/orders/" + orderId + "/cancel").with(as("clerk", "catalog-admin")));
        mvc.perform(post("/api/orders/" + orderId + "/cancel").with(as(bob, "customer")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.code").value("ORDER_NOT_OWNED"));
        assertThat(storedEvents()).as("another customer's cancellation stores nothing").hasSize(stored);

        mvc.perform(post("/api/orders/" + orderId + "/cancel").with(as(alice, "customer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        assertThat(storedPayloads()).contains(new OrderCancelledEvent(orderId, CancellationReason.CUSTOMER_REQUEST));
        // once cancelled, another customer still gets 403, not the harmless repeat's 200
        mvc.perform(post("/api/orders/" + orderId + "/cancel").with(as(bob, "customer")))
                .andExpect(status().isForbidden());
    }

    // --- input limits -------------------------------------------------------------------------------------------

    @Test
    void anOversizedBodyIs413AndADeeplyNestedOneIs400() throws Exception {
        int stored = storedEvents().size();
        String huge = "{\"name\": \"" + "x".repeat(70 * 1024) + "\", \"category\": \"k\", "
                + "\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}";
        mvc.perform(body(post("/api/products"), huge).with(as("clerk", "catalog-admin")))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.code").value("PAYLOAD_TOO_LARGE"));

        String nested = "[".repeat(500) + "]".repeat(500);
        mvc.perform(body(post("/api/products"), "{\"name\": " + nested + ", \"category\": \"k\"}")
                        .with(as("clerk", "catalog-admin")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
        assertThat(storedEvents()).hasSize(stored);
        // the application's mappers stop parsing at the configured depth (32), whatever type is being read
        assertThatThrownBy(() -> json.readTree(nested))
                .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("nesting depth");
    }

    // --- rate limit ---------------------------------------------------------------------------------------------

    @Test
    void aBurstOverTheOrderLimitIs429WithRetryAfterWhileOthersAreServed() throws Exception {
        String product = createProduct();
        String flooder = "flood-" + UUID.randomUUID();
        RequestPostProcessor flooding = as(flooder, "customer");
        List<Integer> statuses = new ArrayList<>();
        MvcResult limited = null;
        // invalid bodies are cheap to refuse, so the burst surely outruns the limit (20 per second)
        for (int i = 0; i < 100 && limited == null; i++) {
            MvcResult result = mvc.perform(body(post("/api/orders"), "{}").with(flooding)).andReturn();
            statuses.add(result.getResponse().getStatus());
            if (result.getResponse().getStatus() == 429) {
                limited = result;
            }
        }
        assertThat(limited).as("a 429 within the burst, statuses %s", statuses).isNotNull();
        assertThat(Integer.parseInt(limited.getResponse().getHeader("Retry-After"))).isPositive();
        assertThat(limited.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(json.readTree(limited.getResponse().getContentAsString()).path("code").asText())
                .isEqualTo("TOO_MANY_REQUESTS");

        // another customer is served meanwhile
        placeOrder(bob, product);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private void unauthenticated(MockHttpServletRequestBuilder request) throws Exception {
        mvc.perform(request)
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    }

    private void forbidden(MockHttpServletRequestBuilder request) throws Exception {
        mvc.perform(request)
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
    }

    private String createProduct() throws Exception {
        String response = mvc.perform(body(post("/api/products"), PRODUCT).with(as("clerk", "catalog-admin")))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readTree(response).path("productId").asText();
    }

    private String placeOrder(String customer, String product) throws Exception {
        String response = mvc.perform(body(post("/api/orders"), order(product)).with(as(customer, "customer")))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        return json.readTree(response).path("orderId").asText();
    }

    private static String order(String product) {
        return """
                {"paymentToken": "tok_visa", "lines": [{"productId": "%s", "quantity": 1}]}""".formatted(product);
    }

    private static MockHttpServletRequestBuilder body(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
