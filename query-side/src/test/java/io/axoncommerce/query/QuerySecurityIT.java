package io.axoncommerce.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may read what, with real signed JWTs (the local profile's key): per endpoint anonymous → 401, wrong role → 403,
 * another customer → 403, right role → 2xx; a customer cannot read another's order, its updates or its list even
 * with its id; search is public, treats query syntax as plain text and is rate limited per client.
 */
class QuerySecurityIT extends QuerySideIT {

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String aliceToken = TestTokens.token(alice, "customer");
    private final String bobToken = TestTokens.token(bob, "customer");
    private final String clerk = TestTokens.token("clerk", "catalog-admin");
    private String orderId;
    private String productId;

    @BeforeEach
    void aliceHasAnOrderAndAProductIsStocked() {
        productId = "p-" + UUID.randomUUID();
        orderId = "o-" + UUID.randomUUID();
        append("Product", productId, new ProductCreatedEvent(productId, "Secure mug", "", "security",
                Money.of("3.00", "EUR")));
        append("Inventory", "inventory-" + productId, new StockAddedEvent(productId, 5, 5));
        append("Order", orderId, new OrderPlacedEvent(orderId, alice,
                        List.of(new OrderLine(productId, 1, Money.of("3.00", "EUR"))), Money.of("3.00", "EUR"), "tok_visa"),
                new OrderCancelledEvent(orderId, CancellationReason.CUSTOMER_REQUEST));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/orders/" + orderId).statusCode() == 200
                && get("/api/inventory/" + productId).statusCode() == 200);
    }

    @Test
    void anOrderIsForItsCustomerAndAdminsOnly() {
        String path = "/api/orders/" + orderId;
        assertUnauthenticated(get(path, null));
        assertForbidden(get(path, clerk));
        assertForbidden(get(path, bobToken));
        assertThat(get(path, aliceToken).statusCode()).isEqualTo(200);
        assertThat(json(get(path, aliceToken)).get("customerId").asText()).isEqualTo(alice);
        assertThat(get(path, ADMIN).statusCode()).isEqualTo(200);
        // guessing: an unknown id is a plain 404, a known one of someone else a 403 without its content
        assertThat(get("/api/orders/" + UUID.randomUUID(), bobToken).statusCode()).isEqualTo(404);
        assertThat(get(path, bobToken).body()).doesNotContain(productId).doesNotContain(alice);
        // the ownership refusal says why; a missing role gets the generic detail
        assertThat(json(get(path, bobToken)).get("detail").asText()).contains("belongs to another customer");
        assertThat(json(get(path, clerk)).get("detail").asText()).doesNotContain("another customer");
    }

    @Test
    void anOrdersUpdatesAreForItsCustomerAndAdminsOnly() {
        String path = "/api/orders/" + orderId + "/updates";
        assertUnauthenticated(get(path, null));
        assertForbidden(get(path, clerk));
        assertForbidden(get(path, bobToken));
        // the order is final: the stream sends its state and ends
        HttpResponse<String> own = get(path, aliceToken);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("CANCELLED");
        assertThat(get(path, ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void aCustomerListsOnlyTheirOwnOrders() {
        assertUnauthenticated(get("/api/orders", null));
        assertForbidden(get("/api/orders", clerk));
        assertForbidden(get("/api/orders?customerId=" + alice, bobToken));
        JsonNode own = json(get("/api/orders", aliceToken));
        assertThat(own.get("items").findValuesAsText("orderId")).containsExactly(orderId);
        assertThat(json(get("/api/orders", bobToken)).get("items")).isEmpty();
        assertThat(json(get("/api/orders?customerId=" + alice, ADMIN)).get("items").findValuesAsText("orderId"))
                .containsExactly(orderId);
        // a Mongo operator where the customer id goes is just a (non-matching, foreign) value
        String operator = URLEncoder.encode("{\"$ne\": null}", StandardCharsets.UTF_8);
        assertForbidden(get("/api/orders?customerId=" + operator, aliceToken));
        assertThat(json(get("/api/orders?customerId=" + operator, ADMIN)).get("items")).isEmpty();
    }

    @Test
    void inventoryIsForCatalogueAdminsAndAdmins() {
        String path = "/api/inventory/" + productId;
        assertUnauthenticated(get(path, null));
        assertForbidden(get(path, aliceToken));
        assertThat(get(path, clerk).statusCode()).isEqualTo(200);
        assertThat(get(path, ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void processorAdministrationIsForAdminsOnly() {
        for (String path : List.of("/api/admin/processors", "/api/admin/processors/orders-projection")) {
            assertUnauthenticated(get(path, null));
            assertForbidden(get(path, aliceToken));
            assertForbidden(get(path, clerk));
            assertThat(get(path, ADMIN).statusCode()).isEqualTo(200);
        }
        String replay = "/api/admin/processors/no-such-processor/replay";
        assertUnauthenticated(post(replay, null));
        assertForbidden(post(replay, aliceToken));
        assertForbidden(post(replay, clerk));
        assertThat(post(replay, ADMIN).statusCode()).as("past authorization: unknown processor").isEqualTo(404);
    }

    @Test
    void productsAndSearchArePublicAndQuerySyntaxIsNotAQuery() {
        // a product by id is found by a search too (documents are routed by category), so it shows once refreshed
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/products/" + productId, null).statusCode() == 200);
        assertThat(json(get("/api/products?category=security&q=secure", null)).get("total").asLong()).isPositive();
        // Elasticsearch query syntax is refused (400), never run: none of these returns the catalogue
        for (String q : List.of("*", "*:*", "name:*", "{\"match_all\":{}}", "secure OR *", "_exists_:name")) {
            HttpResponse<String> response = get("/api/products?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
            assertThat(response.statusCode()).as(q).isEqualTo(400);
            assertThat(response.body()).as(q).doesNotContain(productId);
        }
        // words that are operators elsewhere are plain words here: nothing matches them
        assertThat(json(get("/api/products?category=security&q=" + URLEncoder.encode("OR AND NOT",
                StandardCharsets.UTF_8), null)).get("total").asLong()).isZero();
    }

    @Test
    void aSearchBurstIs429WithRetryAfterWhileOtherClientsAreServed() {
        String flooder = TestTokens.token("flood-" + UUID.randomUUID());
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        // refused queries are cheap and still count: the burst surely outruns 50 per second
        for (int i = 0; i < 200 && limited == null; i++) {
            HttpResponse<String> response = get("/api/products?q=*", flooder);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertThat(limited).as("a 429 within the burst, statuses %s", statuses).isNotNull();
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(limited.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(limited).get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(get("/api/products?category=security", aliceToken).statusCode()).isEqualTo(200);
        assertThat(get("/api/products?category=security", null).statusCode()).isEqualTo(200);
    }

    private static void assertUnauthenticated(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(response).get("code").asText()).isEqualTo("UNAUTHENTICATED");
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(response).get("code").asText()).isEqualTo("FORBIDDEN");
    }
}
