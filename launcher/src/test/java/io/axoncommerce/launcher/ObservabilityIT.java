package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;
import org.springframework.util.FileSystemUtils;

/**
 * Observability of the whole system, started the way the launcher starts it: the business and Axon metrics every
 * service exports after real orders, and the production Grafana dashboard checked against a real scrape of all of
 * them. Axon Server runs with access control on ({@code --axonserver.token}), as in the production stack, so every
 * test here also shows that every service connects with the token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final Set<String> FINAL = Set.of("CONFIRMED", "CANCELLED");
    /** Services scraped through the gateway's {@code /services/<service>/actuator/prometheus}. */
    private static final List<String> SERVICES = List.of(Services.COMMAND_SIDE, Services.QUERY_SIDE,
            Services.PAYMENT_ADAPTER, Services.SAGA, Services.KAFKA_BRIDGE, Services.NOTIFICATION_PROJECTOR);

    /** Services whose spans the trace test collects. */
    private static final List<String> TRACED = List.of(Services.GATEWAY, Services.COMMAND_SIDE, Services.QUERY_SIDE,
            Services.PAYMENT_ADAPTER, Services.SAGA, Services.KAFKA_BRIDGE, Services.NOTIFICATION_PROJECTOR);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String AXON_SERVER_TOKEN_HEADER = "AxonIQ-Access-Token";

    private final String axonServerToken = "observability-" + UUID.randomUUID();

    private Path home;
    private Path dataDir;
    private OtlpTraceReceiver traces;
    private AxonCommerceSystem system;
    private Client api;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void startSystem() throws Exception {
        dataDir = Files.createTempDirectory("axon-commerce-observability");
        home = Path.of(System.getProperty("axon-commerce.home", "..")).toAbsolutePath().normalize();
        traces = new OtlpTraceReceiver();
        LauncherSettings settings = LauncherSettings.forTests(home, dataDir);
        for (String service : List.of(Services.COMMAND_SIDE, Services.QUERY_SIDE, Services.KAFKA_BRIDGE,
                Services.NOTIFICATION_PROJECTOR, Services.GATEWAY)) {
            // tokens signed with the documented local key, minted by the gateway (api-security's local profile)
            settings = settings.withServiceArg(service, "spring.profiles.active", "local");
        }
        for (String service : TRACED) {
            // export every service's spans to the receiver, without the exporter's usual 5 s batching delay
            settings = settings.withServiceArg(service, "management.otlp.tracing.endpoint", traces.endpoint())
                    .withServiceArg(service, "management.tracing.opentelemetry.export.schedule-delay", "500ms");
        }
        // one service logs as production does (structured JSON), to check what its lines carry: to the console in a
        // JVM of its own (the launcher writes it to the log), to its log file in the launcher's JVM
        settings = settings.withServiceArg(Services.SAGA, "logging.structured.format.console", "ecs")
                .withServiceArg(Services.SAGA, "logging.structured.format.file", "ecs");
        system = AxonCommerceSystem.start(settings.withAxonServerToken(axonServerToken));
        api = new Client(system.gatewayUrl());
    }

    @AfterAll
    void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
        if (traces != null) {
            traces.close();
        }
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    @Test
    @Order(1)
    void aConfirmedAndADeclinedOrderShowInTheMetricsOfEveryServiceInvolved() {
        Map<String, PrometheusScrape> before = scrapeAll();

        String mug = createProduct("Metrics mug " + run, "19.90", 10);
        String lamp = createProduct("Metrics lamp " + run, "35.00", 5);
        String confirmed = placeOrder("olga-" + run, "tok_visa", mug, 2);
        String declined = placeOrder("piet-" + run, "tok_decline", lamp, 1);
        assertThat(awaitFinal(confirmed).path("status").asText()).isEqualTo("CONFIRMED");
        JsonNode cancelled = awaitFinal(declined);
        assertThat(cancelled.path("cancellationReason").asText()).isEqualTo("PAYMENT_DECLINED");
        JsonNode piet = api.await("/api/notifications?customerId=piet-" + run,
                n -> n.path("content").size() >= 2, SETTLE);
        // the e-mail went to the SMTP server; the SMS only to the log, as no SMS gateway is configured here
        Map<String, String> deliveries = new LinkedHashMap<>();
        piet.path("content").forEach(n -> deliveries.put(n.path("channel").asText(), n.path("delivery").asText()));
        assertThat(deliveries).containsEntry("EMAIL", "SENT").containsEntry("SMS", "LOGGED_ONLY");
        api.ok(api.get("/api/products?q=metrics+" + run), "search");

        // command side: the facts of the write model
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_orders_placed_total", Map.of(), 2);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_orders_confirmed_total", Map.of(), 1);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_orders_cancelled_total",
                Map.of("reason", "payment_declined"), 1);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_orders_value_count", Map.of("currency", "EUR"), 2);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_orders_value_sum", Map.of("currency", "EUR"), 74.8);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_products_changes_total", Map.of("change", "created"), 2);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_stock_operations_total", Map.of("kind", "added"), 2);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_stock_operations_total", Map.of("kind", "reserved"), 2);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_stock_operations_total", Map.of("kind", "released"), 1);
        awaitDelta(before, Services.COMMAND_SIDE, "axoncommerce_stock_operations_total", Map.of("kind", "committed"), 1);

        // saga: one full run, one that failed at the payment
        awaitDelta(before, Services.SAGA, "axoncommerce_saga_step_duration_seconds_count",
                Map.of("step", "stock_reservation", "outcome", "success"), 2);
        awaitDelta(before, Services.SAGA, "axoncommerce_saga_step_duration_seconds_count",
                Map.of("step", "payment", "outcome", "success"), 1);
        awaitDelta(before, Services.SAGA, "axoncommerce_saga_step_duration_seconds_count",
                Map.of("step", "payment", "outcome", "failure"), 1);
        awaitDelta(before, Services.SAGA, "axoncommerce_saga_step_duration_seconds_count",
                Map.of("step", "confirmation", "outcome", "success"), 1);
        awaitDelta(before, Services.SAGA, "axoncommerce_orders_time_to_confirm_seconds_count", Map.of(), 1);
        awaitDelta(before, Services.SAGA, "axoncommerce_saga_orders_finished_total", Map.of("outcome", "confirmed"), 1);
        awaitDelta(before, Services.SAGA, "axoncommerce_saga_orders_finished_total", Map.of("outcome", "cancelled"), 1);

        // payment adapter: outcomes and amounts
        awaitDelta(before, Services.PAYMENT_ADAPTER, "axoncommerce_payments_total", Map.of("outcome", "succeeded"), 1);
        awaitDelta(before, Services.PAYMENT_ADAPTER, "axoncommerce_payments_total", Map.of("outcome", "declined"), 1);
        awaitDelta(before, Services.PAYMENT_ADAPTER, "axoncommerce_payments_amount_sum",
                Map.of("outcome", "succeeded", "currency", "EUR"), 39.8);

        // notifications: the confirmation e-mail and push, the cancellation e-mail, the declined-card SMS; the
        // launcher configures no SMS or push gateway, so those two are only logged and counted as such
        awaitDelta(before, Services.NOTIFICATION_PROJECTOR, "axoncommerce_notifications_total",
                Map.of("channel", "email", "outcome", "sent"), 2);
        awaitDelta(before, Services.NOTIFICATION_PROJECTOR, "axoncommerce_notifications_total",
                Map.of("channel", "push", "outcome", "logged"), 1);
        awaitDelta(before, Services.NOTIFICATION_PROJECTOR, "axoncommerce_notifications_total",
                Map.of("channel", "sms", "outcome", "logged"), 1);

        // query side and bridge: search timed, every order event published
        awaitDelta(before, Services.QUERY_SIDE, "axoncommerce_products_search_duration_seconds_count",
                Map.of("outcome", "success"), 1);
        awaitAtLeast(before, Services.KAFKA_BRIDGE, "axoncommerce_kafka_bridge_published_total",
                Map.of("topic", "axon-commerce.orders"), 4);

        // Axon's own metrics (axon-micrometer, dimensional) and our Axon Server's
        Map<String, PrometheusScrape> after = scrapeAll();
        assertThat(after.get(Services.COMMAND_SIDE).names()).anyMatch(n -> n.startsWith("commandBus_"));
        assertThat(after.get(Services.SAGA).names()).anyMatch(n -> n.startsWith("eventProcessor"));
        assertThat(after.get(Services.AXONSERVER).sum("axonserver_events_appended_total"))
                .isGreaterThan(before.get(Services.AXONSERVER).sum("axonserver_events_appended_total"));
        assertThat(after.get(Services.AXONSERVER).sum("axonserver_clients_connected")).isGreaterThanOrEqualTo(5);
    }

    @Test
    @Order(2)
    void theGrafanaDashboardQueriesOnlyMetricsTheServicesExport() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(home.resolve("deploy/grafana/dashboards/axon-commerce.json")
                .toFile());
        Set<String> queried = GrafanaDashboard.metricNames(dashboard);
        assertThat(queried).isNotEmpty();
        // the read-model gauges are refreshed in the background (every 15 s): give them one round
        Set<String> exported = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        do {
            Map<String, PrometheusScrape> scrapes = scrapeAll();
            exported.clear();
            scrapes.values().forEach(s -> exported.addAll(s.names()));
            dumpScrapes(scrapes);
        } while (!exported.containsAll(queried) && System.nanoTime() < deadline && sleep(2000));
        assertThat(exported).as("metrics the dashboard queries, all exported by some service")
                .containsAll(queried);

        // and Prometheus scrapes every service that exports them
        @SuppressWarnings("unchecked")
        Map<String, Object> prometheus = new Yaml().load(Files.readString(home.resolve("deploy/prometheus/prometheus.yml")));
        String config = prometheus.toString();
        for (String service : SERVICES) {
            assertThat(config).contains(service + ":8080");
        }
        // the gateway's actuator is on its unpublished management port in docker-compose (MANAGEMENT_SERVER_PORT)
        assertThat(config).contains("gateway:8081");
    }

    @Test
    @Order(3)
    void oneOrderIsOneTraceFromTheRestCallThroughSagaPaymentAndKafkaToTheNotification() throws Exception {
        String product = createProduct("Traced vase " + run, "24.00", 3);
        // the client starts the trace, as a traced caller would: its id is known, and so is the root's parent
        String traceId = HexFormat.of().formatHex(UUID.randomUUID().toString().replace("-", "").getBytes(), 0, 16);
        String clientSpanId = "00f067aa0ba902b7";
        HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/api/orders"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + api.token("tracy-" + run, "customer"))
                .header("traceparent", "00-" + traceId + "-" + clientSpanId + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"paymentToken":"tok_visa","lines":[{"productId":"%s","quantity":1}]}"""
                        .formatted(product))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(placed.statusCode()).as(placed.body()).isBetween(200, 299);
        String orderId = new ObjectMapper().readTree(placed.body()).path("orderId").asText();
        assertThat(awaitFinal(orderId).path("status").asText()).isEqualTo("CONFIRMED");

        // spans arrive as each service exports them: wait for the whole tree, every parent included
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<OtlpTraceReceiver.Span> trace = List.of();
        String missing = "";
        while (System.nanoTime() < deadline) {
            trace = traces.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
            missing = missingParts(trace, clientSpanId);
            if (missing.isEmpty()) {
                break;
            }
            Api.sleep(500);
        }
        assertThat(missing).as("trace %s: %d spans %s", traceId, trace.size(), describe(trace)).isEmpty();

        // and it is one tree: every span reaches the gateway's server span through its parents
        Map<String, OtlpTraceReceiver.Span> byId = new LinkedHashMap<>();
        trace.forEach(s -> byId.put(s.spanId(), s));
        OtlpTraceReceiver.Span root = trace.stream().filter(s -> s.parentSpanId().equals(clientSpanId)).findFirst()
                .orElseThrow();
        assertThat(root.service()).isEqualTo(Services.GATEWAY);
        assertThat(root.kind()).isEqualTo(SERVER);
        for (OtlpTraceReceiver.Span span : trace) {
            OtlpTraceReceiver.Span at = span;
            int hops = 0;
            while (!at.spanId().equals(root.spanId()) && hops++ < 200) {
                at = byId.get(at.parentSpanId());
            }
            assertThat(at.spanId()).as("%s/%s reaches the root", span.service(), span.name()).isEqualTo(root.spanId());
        }
        // query-side answered the reads above with its own handlers inside a traced query: no Axon span warning
        try (Stream<String> lines = Files.lines(dataDir.resolve("logs").resolve(Services.QUERY_SIDE + ".log"))) {
            assertThat(lines.filter(line -> line.contains("Span ended without all scopes")).count())
                    .as("Axon's span warnings in query-side's log").isZero();
        }
    }

    @Test
    @Order(4)
    void structuredLogLinesCarryTraceSpanAndAxonCorrelationIds() throws Exception {
        // the declined order of the first test: the saga logged its compensation while handling the failed payment
        Path log = dataDir.resolve("logs").resolve(Services.SAGA + ".log");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertThat(lines).as("JSON lines in %s", log).isNotEmpty();
        assertThat(lines).allSatisfy(line -> assertThat(line.has("@timestamp") && line.has("message")).isTrue());
        JsonNode compensating = lines.stream().filter(l -> l.path("message").asText().contains("compensating"))
                .findFirst().orElseThrow(() -> new AssertionError("no compensation logged in " + log));
        assertThat(compensating.path("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(compensating.path("spanId").asText()).matches("[0-9a-f]{16}");
        assertThat(compensating.path("correlationId").asText()).isNotBlank();
        // ECS names the service (nested in Boot 3.5's ECS output, dotted in older ones)
        assertThat(compensating.path("service").path("name").asText(compensating.path("service.name").asText()))
                .isEqualTo(Services.SAGA);
    }

    @Test
    @Order(5)
    void axonServerAnswersOnlyCallersWithItsAccessToken() throws Exception {
        // every service connected with the token (their orders flowed above); a caller without it is refused
        URI overview = URI.create(system.dashboardUrl() + "/v1/overview");
        assertThat(get(overview).statusCode()).isEqualTo(401);
        assertThat(get(overview, AXON_SERVER_TOKEN_HEADER, "not-" + axonServerToken).statusCode()).isEqualTo(401);
        HttpResponse<String> withToken = get(overview, AXON_SERVER_TOKEN_HEADER, axonServerToken);
        assertThat(withToken.statusCode()).isEqualTo(200);
        List<String> connected = new ObjectMapper().readTree(withToken.body()).findValuesAsText("component");
        assertThat(connected).contains(Services.COMMAND_SIDE, Services.QUERY_SIDE, Services.PAYMENT_ADAPTER,
                Services.SAGA, Services.KAFKA_BRIDGE);
    }

    private static HttpResponse<String> get(URI uri, String... headers)
            throws java.io.IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final int SERVER = 2;
    private static final int CLIENT = 3;
    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;

    /** What the trace still lacks: a part of the order's way, or a parent span not (yet) received. */
    private static String missingParts(List<OtlpTraceReceiver.Span> trace, String clientSpanId) {
        Set<String> ids = new TreeSet<>();
        trace.forEach(s -> ids.add(s.spanId()));
        List<String> missing = new java.util.ArrayList<>();
        expect(missing, trace, "REST call at the gateway", s -> s.service().equals(Services.GATEWAY) && s.kind() == SERVER);
        expect(missing, trace, "REST call at the command side",
                s -> s.service().equals(Services.COMMAND_SIDE) && s.kind() == SERVER);
        expect(missing, trace, "PlaceOrderCommand handled", s -> s.service().equals(Services.COMMAND_SIDE)
                && s.name().contains("PlaceOrderCommand"));
        expect(missing, trace, "saga handling OrderPlacedEvent", s -> s.service().equals(Services.SAGA)
                && s.name().contains("OrderPlacedEvent"));
        expect(missing, trace, "ProcessPaymentCommand handled", s -> s.service().equals(Services.PAYMENT_ADAPTER)
                && s.name().contains("ProcessPaymentCommand"));
        expect(missing, trace, "payment provider HTTP call",
                s -> s.service().equals(Services.PAYMENT_ADAPTER) && s.kind() == CLIENT);
        expect(missing, trace, "ConfirmOrderCommand handled", s -> s.service().equals(Services.COMMAND_SIDE)
                && s.name().contains("ConfirmOrderCommand"));
        expect(missing, trace, "Kafka publish", s -> s.service().equals(Services.KAFKA_BRIDGE) && s.kind() == PRODUCER);
        expect(missing, trace, "Kafka record consumed by the notification projector",
                s -> s.service().equals(Services.NOTIFICATION_PROJECTOR) && s.kind() == CONSUMER);
        trace.stream().filter(s -> !s.parentSpanId().isEmpty() && !s.parentSpanId().equals(clientSpanId)
                        && !ids.contains(s.parentSpanId()))
                .forEach(s -> missing.add("parent of " + s.service() + "/" + s.name()));
        trace.stream().filter(OtlpTraceReceiver.Span::isRoot)
                .forEach(s -> missing.add("no root but the client's: " + s.service() + "/" + s.name()));
        return String.join("; ", missing);
    }

    private static void expect(List<String> missing, List<OtlpTraceReceiver.Span> trace, String what,
                               Predicate<OtlpTraceReceiver.Span> matches) {
        if (trace.stream().noneMatch(matches)) {
            missing.add(what);
        }
    }

    private static String describe(List<OtlpTraceReceiver.Span> trace) {
        return trace.stream().map(s -> s.service() + "/" + s.name() + "(" + s.kind() + ")").toList().toString();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private Map<String, PrometheusScrape> scrapeAll() {
        Map<String, PrometheusScrape> scrapes = new LinkedHashMap<>();
        for (String service : SERVICES) {
            scrapes.put(service, scrape(service));
        }
        scrapes.put(Services.GATEWAY, scrape(Services.GATEWAY, system.gatewayUrl() + "/actuator/prometheus"));
        scrapes.put(Services.AXONSERVER, scrape(Services.AXONSERVER, system.dashboardUrl() + "/actuator/prometheus",
                AXON_SERVER_TOKEN_HEADER, axonServerToken));
        return scrapes;
    }

    private PrometheusScrape scrape(String service) {
        return scrape(service, system.gatewayUrl() + "/services/" + service + "/actuator/prometheus");
    }

    /**
     * Without a bearer token, as Prometheus scrapes: the endpoint is open on the services' network. Axon Server's
     * needs its access token once access control is on.
     */
    private static PrometheusScrape scrape(String service, String url, String... headers) {
        try {
            HttpResponse<String> response = get(URI.create(url), headers);
            assertThat(response.statusCode()).as("%s %s", service, url).isEqualTo(200);
            return PrometheusScrape.parse(service, response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("scrape of " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void dumpScrapes(Map<String, PrometheusScrape> scrapes) throws Exception {
        Path dir = Path.of("target", "observability");
        Files.createDirectories(dir);
        for (var entry : scrapes.entrySet()) {
            Files.write(dir.resolve(entry.getKey() + ".names"), entry.getValue().names());
            Files.write(dir.resolve(entry.getKey() + ".samples"), entry.getValue().samples().keySet().stream()
                    .map(PrometheusScrape.Sample::toString).toList());
        }
    }

    private void awaitDelta(Map<String, PrometheusScrape> before, String service, String name,
                            Map<String, String> labels, double delta) {
        awaitValue(before, service, name, labels, d -> Math.abs(d - delta) < 1e-6, "= +" + delta);
    }

    private void awaitAtLeast(Map<String, PrometheusScrape> before, String service, String name,
                              Map<String, String> labels, double delta) {
        awaitValue(before, service, name, labels, d -> d >= delta, ">= +" + delta);
    }

    /** Scrapes happen when they happen: poll until the delta is reached, then check it stays exact. */
    private void awaitValue(Map<String, PrometheusScrape> before, String service, String name,
                            Map<String, String> labels, Predicate<Double> expected, String what) {
        double start = before.get(service).sum(name, labels);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        double delta = Double.NaN;
        while (System.nanoTime() < deadline) {
            PrometheusScrape now = scrape(service);
            delta = now.sum(name, labels) - start;
            if (expected.test(delta)) {
                return;
            }
            Api.sleep(500);
        }
        throw new AssertionError(service + " " + name + labels + ": expected a change " + what + " but it changed by "
                + delta);
    }

    private String createProduct(String name, String price, int stock) {
        JsonNode created = api.ok(api.post("/api/products", """
                {"name":"%s","category":"home","price":{"amount":%s,"currency":"EUR"}}""".formatted(name, price)),
                "create " + name);
        String id = created.path("productId").asText();
        api.ok(api.post("/api/products/" + id + "/stock", "{\"quantity\":" + stock + "}"), "stock");
        return id;
    }

    private String placeOrder(String customer, String paymentToken, String productId, int quantity) {
        // the customer is the token's subject, never a field of the body
        JsonNode placed = api.ok(api.post("/api/orders", """
                {"paymentToken":"%s","lines":[{"productId":"%s","quantity":%d}]}"""
                .formatted(paymentToken, productId, quantity), api.token(customer, "customer")), "place order");
        return placed.path("orderId").asText();
    }

    /**
     * The API through the gateway with local-profile tokens from {@code POST /api/local/tokens}: an operator (admin,
     * catalog-admin) unless a request names another caller.
     */
    private static final class Client {
        private final String baseUrl;
        private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
        private final String operator;

        Client(String baseUrl) {
            this.baseUrl = baseUrl;
            this.operator = token("observability-operator", "admin", "catalog-admin");
        }

        String token(String subject, String... roles) {
            return tokens.computeIfAbsent(subject + " " + String.join(",", roles), key -> {
                String body = "{\"subject\":\"" + subject + "\",\"roles\":[" + String.join(",",
                        java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").toList()) + "]}";
                return ok(send("POST", "/api/local/tokens", body, null), "token for " + subject)
                        .path("accessToken").asText();
            });
        }

        Api.Response get(String path) {
            return send("GET", path, null, operator);
        }

        Api.Response post(String path, String json) {
            return send("POST", path, json, operator);
        }

        Api.Response post(String path, String json, String token) {
            return send("POST", path, json, token);
        }

        JsonNode ok(Api.Response response, String what) {
            if (response.status() / 100 != 2) {
                throw new AssertionError(what + " answered " + response.status() + ": " + response.body());
            }
            return response.json();
        }

        JsonNode await(String path, Predicate<JsonNode> until, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Api.Response last = null;
            while (System.nanoTime() < deadline) {
                last = get(path);
                if (last.status() == 200 && until.test(last.json())) {
                    return last.json();
                }
                Api.sleep(200);
            }
            throw new AssertionError("GET " + path + " did not reach the expected state within " + timeout.toSeconds()
                    + " s; last answer " + (last == null ? "none" : last.status() + " " + last.body()));
        }

        private Api.Response send(String method, String path, String body, String token) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Api.Response(response.statusCode(), response.body());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Request to " + baseUrl + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean sleep(long millis) {
        Api.sleep(millis);
        return true;
    }

    private JsonNode awaitFinal(String orderId) {
        return api.await("/api/orders/" + orderId, o -> FINAL.contains(o.path("status").asText()), SETTLE);
    }
}
