package io.axoncommerce.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.ProviderOperation;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live order updates: Server-Sent Events from an Axon subscription query routed through Axon Server. */
class OrderUpdatesSseIT extends QuerySideIT {

    @Test
    void aClientReceivesTheCurrentStateThenEachChangeUntilTheConfirmation() throws Exception {
        String orderId = "order-" + UUID.randomUUID();
        append("Order", orderId, new OrderPlacedEvent(orderId, "customer-sse",
                List.of(new OrderLine("p-1", 1, Money.of("5.00", "EUR"))), Money.of("5.00", "EUR"), "tok_visa"));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/orders/" + orderId).statusCode() == 200);

        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("/api/orders/" + orderId + "/updates"))
                        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + ADMIN).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<JsonNode> received = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        synchronized (received) {
                            received.add(JSON.readTree(line.substring("data:".length())));
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            synchronized (received) {
                return !received.isEmpty();
            }
        });
        append("Order", orderId, new OrderStockReservedEvent(orderId));
        awaitReceived(received, "STOCK_RESERVED");
        // the payment's event leaves the order's version as it was: the view is newer by its payment version
        append("Payment", "payment-" + orderId, new PaymentAwaitingProviderEvent("payment-" + orderId, orderId,
                ProviderOperation.CHARGE, 1, false, "provider answered 503", Instant.now().plusSeconds(5)));
        awaitReceived(received, "AWAITING_PAYMENT");
        append("Order", orderId, new OrderConfirmedEvent(orderId));

        // the server ends the stream after the final status
        reading.get(30, TimeUnit.SECONDS);
        synchronized (received) {
            assertThat(received).extracting(view -> view.get("status").asText())
                    .containsSubsequence("PLACED", "STOCK_RESERVED", "AWAITING_PAYMENT", "CONFIRMED")
                    .doesNotHaveDuplicates()
                    .endsWith("CONFIRMED");
            assertThat(received.getFirst().get("status").asText()).isEqualTo("PLACED");
            assertThat(received.getLast().get("history").findValuesAsText("status"))
                    .containsExactly("PLACED", "STOCK_RESERVED", "AWAITING_PAYMENT", "CONFIRMED");
        }
    }

    private static void awaitReceived(List<JsonNode> received, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            synchronized (received) {
                return received.stream().anyMatch(view -> view.get("status").asText().equals(status));
            }
        });
    }

    @Test
    void anUnknownOrderIs404() {
        assertThat(get("/api/orders/no-such-order/updates").statusCode()).isEqualTo(404);
    }
}
