package io.axoncommerce.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.command.product.Product;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side as it runs for real: its own JVM-local Spring Boot application on a random HTTP port, commands
 * routed and events stored by our Axon Server (the {@code axonserver} module) on a random gRPC port. What this adds
 * over {@link CommandApiIT}: refusals cross Axon Server, which keeps only a {@code CommandExecutionException}'s
 * details, and snapshots are stored and read back through Axon Server with the Jackson serializer.
 */
class CommandSideOverAxonServerIT {

    private static final ObjectMapper json = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    /** Customer c-1, also a catalogue admin: creates products and orders them. */
    private static final String CALLER = TestTokens.token("c-1", "customer", "catalog-admin");

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer server;
    static ConfigurableApplicationContext app;
    static String baseUrl;

    @BeforeAll
    static void start() {
        server = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(dataDir).build().start();
        // Command-line arguments: they outrank application.yml (builder "properties" would be mere defaults).
        app = new SpringApplicationBuilder(CommandSideApplication.class).run(
                "--spring.application.name=command-side",
                "--server.port=0",
                "--axon.axonserver.servers=localhost:" + server.grpcPort(),
                "--axon.axonserver.client-id=command-side-it",
                "--axon-commerce.snapshot.threshold=3",
                // tokens signed with the documented local key (TestTokens)
                "--spring.profiles.active=local",
                // the latency figure places orders back to back as one customer: no rate limit in its way
                "--axon-commerce.security.rate-limits.order-placement.limit-for-period=1000000");
        baseUrl = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!server.commands().subscriptions().containsKey(PlaceOrderCommand.class.getName())) {
            assertThat(Instant.now()).as("command handlers subscribed at Axon Server").isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void placesAnOrderPricedFromTheCatalogueThroughAxonServer() throws Exception {
        String mug = createProduct("sku-mug", "7.25");
        assertThat(send("POST", "/api/products/" + mug + "/stock", "{\"quantity\": 5}").statusCode()).isEqualTo(200);

        HttpResponse<String> placed = send("POST", "/api/orders", """
                {"paymentToken": "tok_visa", "lines": [{"productId": "%s", "quantity": 2}]}
                """.formatted(mug));

        assertThat(placed.statusCode()).isEqualTo(202);
        String orderId = json.readTree(placed.body()).get("orderId").asText();
        assertThat(eventStore().readEvents(orderId).asStream().<Object>map(DomainEventMessage::getPayload).toList())
                .containsExactly(new OrderPlacedEvent(orderId, "c-1",
                        List.of(new OrderLine(mug, 2, Money.of("7.25", "EUR"))), Money.of("14.50", "EUR"),
                        "tok_visa"));
    }

    /** An order an older release placed (OrderPlacedEvent revision 1) is sourced through the upcasters. */
    @Test
    void anOrderStoredInAnOldRevisionIsSourcedAndCancelled() throws Exception {
        String orderId = "order-rev1-" + UUID.randomUUID().toString().substring(0, 8);
        String stored = """
                {"orderId":"%s","customerId":"c-1","lines":[{"productId":"sku-old","quantity":3,
                "unitPrice":{"amount":1.50,"currency":"EUR"}}],"total":{"amount":4.50,"currency":"EUR"},
                "paymentToken":"tok_visa"}""".formatted(orderId);
        app.getBean(AxonServerConnectionManager.class).getConnection().eventChannel().appendEvents(
                Event.newBuilder().setMessageIdentifier(UUID.randomUUID().toString()).setAggregateType("Order")
                        .setAggregateIdentifier(orderId).setAggregateSequenceNumber(0)
                        .setTimestamp(System.currentTimeMillis())
                        .setPayload(SerializedObject.newBuilder().setType(OrderPlacedEvent.class.getName())
                                .setRevision("1").setData(ByteString.copyFromUtf8(stored)))
                        .build()).get();

        assertThat(send("POST", "/api/orders/" + orderId + "/cancel", null).statusCode()).isEqualTo(200);
        assertThat(eventStore().readEvents(orderId).asStream().<Object>map(DomainEventMessage::getPayload).toList())
                .containsExactly(new OrderPlacedEvent(orderId, "c-1",
                                List.of(new OrderLine("sku-old", 3, Money.of("1.50", "EUR"), Money.of("4.50", "EUR"))),
                                Money.of("4.50", "EUR"), "tok_visa", null),
                        new OrderCancelledEvent(orderId, CancellationReason.CUSTOMER_REQUEST));
    }

    @Test
    void refusalsKeepTheirStatusAcrossAxonServerAndStoreNothing() throws Exception {
        String plate = createProduct("sku-plate", "3.00");
        assertThat(send("DELETE", "/api/products/" + plate, null).statusCode()).isEqualTo(204);
        TrackingToken head = eventStore().createHeadToken();

        HttpResponse<String> discontinued = send("PUT", "/api/products/" + plate + "/price",
                "{\"amount\": 1, \"currency\": \"EUR\"}");
        HttpResponse<String> unknown = send("PUT", "/api/products/sku-nothing/price",
                "{\"amount\": 1, \"currency\": \"EUR\"}");
        HttpResponse<String> duplicate = send("POST", "/api/products",
                "{\"productId\": \"sku-plate\", \"name\": \"P\", \"category\": \"c\", "
                        + "\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}");
        HttpResponse<String> unknownInOrder = send("POST", "/api/orders",
                "{\"paymentToken\": \"tok_visa\", "
                        + "\"lines\": [{\"productId\": \"sku-nothing\", \"quantity\": 1}]}");

        assertProblem(discontinued, 422, "PRODUCT_DISCONTINUED");
        assertProblem(unknown, 404, "PRODUCT_NOT_FOUND");
        assertProblem(duplicate, 409, "PRODUCT_ALREADY_EXISTS");
        assertProblem(unknownInOrder, 422, "UNKNOWN_PRODUCT");
        assertThat(eventStore().createHeadToken()).isEqualTo(head);
    }

    @Test
    void anIllegalTransitionIsA409AcrossAxonServer() throws Exception {
        String cup = createProduct("sku-cup", "2.00");
        String orderId = json.readTree(send("POST", "/api/orders", """
                {"paymentToken": "tok_visa", "lines": [{"productId": "%s", "quantity": 1}]}
                """.formatted(cup)).body()).get("orderId").asText();
        CommandGateway commands = app.getBean(CommandGateway.class);
        commands.sendAndWait(new MarkOrderStockReservedCommand(orderId));
        commands.sendAndWait(new ConfirmOrderCommand(orderId));

        assertProblem(send("POST", "/api/orders/" + orderId + "/cancel", null), 409, "ILLEGAL_ORDER_STATE");
        assertProblem(send("POST", "/api/orders/nope/cancel", null), 404, "ORDER_NOT_FOUND");
    }

    @Test
    void snapshotsAreStoredInAxonServerAndUsed() throws Exception {
        String bowl = createProduct("sku-bowl", "1.00");
        for (int cents = 101; cents <= 106; cents++) {
            assertThat(send("PUT", "/api/products/" + bowl + "/price",
                    "{\"amount\": " + cents / 100.0 + ", \"currency\": \"EUR\"}").statusCode()).isEqualTo(204);
        }

        // Axon Server answers a read of the stream with the newest snapshot first, then the events after it.
        DomainEventMessage<?> first = null;
        Instant deadline = Instant.now().plusSeconds(10);
        while (first == null || !(first.getPayload() instanceof Product)) {
            assertThat(Instant.now()).as("a snapshot of " + bowl).isBefore(deadline);
            first = eventStore().readEvents(bowl).asStream().findFirst().orElseThrow();
        }
        assertThat(first.getType()).isEqualTo("Product");
        assertThat(first.getPayload().toString()).contains(bowl);

        // Loading from the snapshot keeps the state it captured: the price is compared with the current one.
        TrackingToken head = eventStore().createHeadToken();
        assertThat(send("PUT", "/api/products/" + bowl + "/price", "{\"amount\": 1.06, \"currency\": \"EUR\"}")
                .statusCode()).isEqualTo(204);
        assertThat(eventStore().createHeadToken()).as("same price: no event").isEqualTo(head);
    }

    @Test
    void aRequestRetriedUnderItsIdempotencyKeyPlacesOneOrder() throws Exception {
        String jug = createProduct("sku-jug", "5.00");
        String body = """
                {"paymentToken": "tok_visa", "lines": [{"productId": "%s", "quantity": 1}]}""".formatted(jug);

        HttpResponse<String> first = send("POST", "/api/orders", body, CALLER, "retry-me-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String orderId = json.readTree(first.body()).get("orderId").asText();
        TrackingToken head = eventStore().createHeadToken();

        // the client timed out and sends it again, and again while the catalogue changed: the first answer each time
        HttpResponse<String> again = send("POST", "/api/orders", body, CALLER, "retry-me-1");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json.readTree(again.body()).get("orderId").asText()).isEqualTo(orderId);
        assertThat(send("DELETE", "/api/products/" + jug, null).statusCode()).isEqualTo(204);
        TrackingToken afterDiscontinued = eventStore().createHeadToken();
        assertThat(json.readTree(send("POST", "/api/orders", body, CALLER, "retry-me-1").body())
                .get("orderId").asText()).isEqualTo(orderId);
        assertThat(eventStore().createHeadToken()).as("nothing stored by the retries")
                .isEqualTo(afterDiscontinued).isNotEqualTo(head);
        assertThat(eventStore().readEvents(orderId).asStream().count()).isEqualTo(1);

        // the same key for another request is refused; another customer's same key is another order
        assertProblem(send("POST", "/api/orders", body.replace("\"quantity\": 1", "\"quantity\": 2"), CALLER,
                "retry-me-1"), 422, "IDEMPOTENCY_KEY_REUSED");
        assertProblem(send("POST", "/api/orders", body.replace("tok_visa", "tok_other"), CALLER, "retry-me-1"), 422,
                "IDEMPOTENCY_KEY_REUSED");
        assertProblem(send("POST", "/api/orders", body, TestTokens.token("c-2", "customer"), "retry-me-1"), 422,
                "PRODUCT_DISCONTINUED");
        assertThat(eventStore().createHeadToken()).isEqualTo(afterDiscontinued);

        assertThat(send("POST", "/api/orders", body, CALLER, "").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/orders", body, CALLER, "x".repeat(256)).statusCode()).isEqualTo(400);
    }

    @Test
    void concurrentRequestsUnderOneIdempotencyKeyPlaceOneOrder() throws Exception {
        String mat = createProduct("sku-mat", "3.50");
        String body = """
                {"paymentToken": "tok_visa", "lines": [{"productId": "%s", "quantity": 1}]}""".formatted(mat);
        TrackingToken head = eventStore().createHeadToken();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return send("POST", "/api/orders", body, CALLER, "same-click");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        java.util.Set<String> orderIds = new java.util.HashSet<>();
        for (var response : sent) {
            HttpResponse<String> answer = response.join();
            // one command-side instance serializes them on the Order's lock; instances racing meet at the event
            // store, where the loser's append is a conflict (409) and its retry answers like the others
            assertThat(answer.statusCode()).as(answer.body()).isIn(202, 409);
            if (answer.statusCode() == 202) {
                orderIds.add(json.readTree(answer.body()).get("orderId").asText());
            }
        }
        assertThat(orderIds).hasSize(1);
        assertThat(((GlobalSequenceTrackingToken) eventStore().createHeadToken()).getGlobalIndex()
                - ((GlobalSequenceTrackingToken) head).getGlobalIndex()).as("one OrderPlacedEvent").isEqualTo(1);
    }

    /** A figure, not a limit: sequential REST order placements, each loading two Products and creating an Order. */
    @Test
    void placesOrdersInARowAndPrintsTheLatency() throws Exception {
        String tea = createProduct("sku-tea", "4.20");
        String pot = createProduct("sku-pot", "19.00");
        String body = """
                {"paymentToken": "tok_visa",
                 "lines": [{"productId": "%s", "quantity": 3}, {"productId": "%s", "quantity": 1}]}
                """.formatted(tea, pot);
        for (int i = 0; i < 20; i++) {
            assertThat(send("POST", "/api/orders", body).statusCode()).isEqualTo(202);
        }
        long headBefore = ((GlobalSequenceTrackingToken) eventStore().createHeadToken()).getGlobalIndex();

        int orders = 200;
        long[] micros = new long[orders];
        for (int i = 0; i < orders; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = send("POST", "/api/orders", body);
            micros[i] = (System.nanoTime() - start) / 1_000;
            assertThat(response.statusCode()).isEqualTo(202);
        }

        long headAfter = ((GlobalSequenceTrackingToken) eventStore().createHeadToken()).getGlobalIndex();
        assertThat(headAfter - headBefore).as("one OrderPlacedEvent per order").isEqualTo(orders);
        Arrays.sort(micros);
        System.out.printf("[figure] POST /api/orders through Axon Server, %d sequential orders of 2 lines: "
                        + "p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", orders, micros[orders / 2] / 1000.0,
                micros[orders * 95 / 100] / 1000.0, micros[orders - 1] / 1000.0);
    }

    private static String createProduct(String id, String price) throws Exception {
        HttpResponse<String> created = send("POST", "/api/products", """
                {"productId": "%s", "name": "Thing", "category": "misc", "price": {"amount": %s, "currency": "EUR"}}
                """.formatted(id, price));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("productId").asText();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

    private static EventStore eventStore() {
        return app.getBean(EventStore.class);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, CALLER, null);
    }

    private static HttpResponse<String> send(String method, String path, String body, String token,
                                             String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
