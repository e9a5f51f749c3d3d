package io.axoncommerce.benchmarks.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.benchmarks.ApiTokens;

/**
 * The system's HTTP API through the gateway, as a shop front end would call it, with the callers' bearer tokens
 * (api-security): products and stock as a catalogue admin, each order as its customer (the token subject is the
 * customer id; the body names no customer), order reads and update streams as the order's customer or as the
 * operator (role admin). Tokens come from the gateway's local-profile endpoint and are cached ({@link ApiTokens}).
 */
final class ShopClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** One status of an order's SSE stream: when it happened (the event's timestamp) and when it arrived here. */
    record StatusSeen(String status, Instant at, Instant receivedAt, boolean initial) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final ApiTokens tokens;

    ShopClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.tokens = ApiTokens.fromGateway(http, baseUrl);
    }

    /** The benchmark's operator: creates products and stock (catalog-admin) and reads any order (admin). */
    private String operator() {
        return tokens.bearer("load-benchmark-operator", "catalog-admin", "admin");
    }

    /** Customer {@code customerId}'s token (role customer, subject = the customer id), minted once. */
    String customerToken(String customerId) {
        return tokens.bearer(customerId, "customer");
    }

    /** A product priced 10.00 (the payment simulator declines amounts ending in .13) with {@code stock} units. */
    String createProduct(String name, int stock) {
        Answer created = send(post("/api/products", """
                {"name":"%s","category":"benchmark","price":{"amount":10.00,"currency":"EUR"}}""".formatted(name),
                operator()));
        String id = ok(created, "create product").path("productId").asText();
        ok(send(post("/api/products/" + id + "/stock", "{\"quantity\":" + stock + "}", operator())), "add stock");
        return id;
    }

    /** As customer {@code customerId}: the command side takes the customer from the token's subject. */
    CompletableFuture<Answer> placeOrder(String customerId, String productId) {
        return http.sendAsync(post("/api/orders", """
                        {"paymentToken":"tok_visa","lines":[{"productId":"%s","quantity":1}]}"""
                        .formatted(productId), customerToken(customerId)), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), r.body()));
    }

    /** The order as the query side has it (read as the operator): for reporting orders that never finished. */
    Answer placeOrderStatus(String orderId) {
        return send(HttpRequest.newBuilder(uri("/api/orders/" + orderId)).timeout(TIMEOUT)
                .header("Authorization", operator()).GET().build());
    }

    /**
     * Follows {@code GET /api/orders/{id}/updates} until the order is final, calling {@code seen} for every status in
     * every view received, as the order's customer would. The stream answers 404 until the read model has the order,
     * so it is retried briefly.
     */
    void watch(String orderId, String customerId, java.util.function.Consumer<StatusSeen> seen)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri("/api/orders/" + orderId + "/updates"))
                    .header("Accept", "text/event-stream").header("Authorization", customerToken(customerId))
                    .timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() == 404) {
                response.body().close();
                Thread.sleep(10);
                continue;
            }
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("updates of " + orderId + " answered " + response.statusCode());
                }
                boolean initial = true;
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    Instant receivedAt = Instant.now();
                    for (JsonNode change : JSON.readTree(line.substring(5)).path("history")) {
                        seen.accept(new StatusSeen(change.path("status").asText(), instant(change.path("at")),
                                receivedAt, initial));
                    }
                    initial = false;
                }
            }
            return;
        }
        throw new IOException("order " + orderId + " never appeared in the read model");
    }

    /** Aborts what is still open, e.g. the update streams of orders that never finished. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    private static Instant instant(JsonNode at) {
        if (at.isNumber()) { // Jackson's numeric form: seconds with a fraction
            return Instant.ofEpochSecond(0, at.decimalValue().movePointRight(9).longValue());
        }
        return Instant.parse(at.asText());
    }

    static JsonNode ok(Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException(what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    private HttpRequest post(String path, String json, String authorization) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Request to " + baseUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }
}
