package io.axoncommerce.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway in front of six real HTTP servers that answer with their own name, method and path: every route
 * goes to the right service, by path and method. Asked for {@code text/event-stream}, they send that answer as one
 * event and keep the stream open, as the query side's live order updates do.
 * <p>
 * Two gateways: {@link #GATEWAY} as in production (no profile, and not told where the payment adapter and the saga
 * are: it must not need them), which publishes the API alone, and {@link #LOCAL_GATEWAY} in the launcher's
 * {@code local} profile, which adds the payment simulator and the services' actuators.
 */
class ApiRoutesIT {

    private static final List<String> API_SERVICES = List.of("command-side", "query-side", "kafka-bridge",
            "notification-projector");
    /** What the services received, as they answer it: "name METHOD uri". */
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, HttpServer> SERVICES = Stream.of("command-side", "query-side", "payment-adapter",
            "kafka-bridge", "notification-projector", "saga").collect(Collectors.toMap(Function.identity(), ApiRoutesIT::echo));
    private static final ConfigurableApplicationContext GATEWAY = start(API_SERVICES);
    private static final ConfigurableApplicationContext LOCAL_GATEWAY = start(SERVICES.keySet(),
            "--spring.profiles.active=local");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** Ends the open event streams when the tests are done. */
    private static final CountDownLatch STREAMS_END = new CountDownLatch(1);

    private static HttpServer echo(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String received = name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI();
                RECEIVED.add(received);
                byte[] body = received.getBytes(StandardCharsets.UTF_8);
                if ("text/event-stream".equals(exchange.getRequestHeaders().getFirst("Accept"))) {
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream events = exchange.getResponseBody()) {
                        events.write(("data: " + new String(body, StandardCharsets.UTF_8) + "\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                        events.flush();
                        STREAMS_END.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConfigurableApplicationContext start(Collection<String> services, String... more) {
        String[] args = Stream.of(Stream.of("--server.port=0"), services.stream()
                .map(name -> "--gateway.services." + name + "=http://127.0.0.1:"
                        + SERVICES.get(name).getAddress().getPort()), Stream.of(more))
                .flatMap(Function.identity()).toArray(String[]::new);
        return SpringApplication.run(GatewayApplication.class, args);
    }

    @AfterAll
    static void stop() {
        STREAMS_END.countDown();
        GATEWAY.close();
        LOCAL_GATEWAY.close();
        SERVICES.values().forEach(s -> s.stop(0));
    }

    @ParameterizedTest
    @CsvSource({
            "POST,   /api/products,                       command-side POST /api/products",
            "PUT,    /api/products/p1,                    command-side PUT /api/products/p1",
            "PUT,    /api/products/p1/price,              command-side PUT /api/products/p1/price",
            "DELETE, /api/products/p1,                    command-side DELETE /api/products/p1",
            "POST,   /api/products/p1/stock,              command-side POST /api/products/p1/stock",
            "POST,   /api/orders,                         command-side POST /api/orders",
            "POST,   /api/orders/o1/cancel,               command-side POST /api/orders/o1/cancel",
            "GET,    /api/products?q=mug,                 query-side GET /api/products?q=mug",
            "GET,    /api/products/p1,                    query-side GET /api/products/p1",
            "GET,    /api/orders/o1,                      query-side GET /api/orders/o1",
            "GET,    /api/orders/o1/updates,              query-side GET /api/orders/o1/updates",
            "GET,    /api/inventory/p1,                   query-side GET /api/inventory/p1",
            "POST,   /api/admin/processors/x/replay,      query-side POST /api/admin/processors/x/replay",
            "POST,   /api/kafka-bridge/replay,            kafka-bridge POST /api/kafka-bridge/replay",
            "GET,    /api/notifications,                  notification-projector GET /api/notifications",
    })
    void routesByPathAndMethod(String method, String path, String expected) throws Exception {
        for (ConfigurableApplicationContext gateway : List.of(GATEWAY, LOCAL_GATEWAY)) {
            HttpResponse<String> response = send(gateway, method, path);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "PUT,    /simulator/payments/admin/outage,               payment-adapter PUT /simulator/payments/admin/outage",
            "POST,   /simulator/payments/charges,                    payment-adapter POST /simulator/payments/charges",
            "GET,    /services/command-side/actuator/metrics,        command-side GET /actuator/metrics",
            "GET,    /services/query-side/actuator/prometheus,       query-side GET /actuator/prometheus",
            "GET,    /services/payment-adapter/actuator/health,      payment-adapter GET /actuator/health",
            "GET,    /services/kafka-bridge/actuator/info,           kafka-bridge GET /actuator/info",
            "GET,    /services/notification-projector/actuator,      notification-projector GET /actuator",
            "GET,    /services/saga/actuator/prometheus,             saga GET /actuator/prometheus",
    })
    void theLocalProfileRoutesToTheSimulatorAndTheServicesActuators(String method, String path, String expected)
            throws Exception {
        HttpResponse<String> response = send(LOCAL_GATEWAY, method, path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/simulator/payments/admin/outage", "/simulator/payments/admin/state", "/simulator/payments/charges",
            "/services/command-side/actuator/metrics", "/services/query-side/actuator/prometheus",
            "/services/payment-adapter/actuator/health", "/services/kafka-bridge/actuator/env",
            "/services/notification-projector/actuator", "/services/saga/actuator/prometheus",
    })
    void withoutTheLocalProfileTheSimulatorAndTheServicesActuatorsAre404AndNothingIsForwarded(String path)
            throws Exception {
        int received = RECEIVED.size();
        for (String method : List.of("GET", "POST", "PUT")) {
            assertThat(send(GATEWAY, method, path).statusCode()).as(method + " " + path).isEqualTo(404);
        }
        assertThat(RECEIVED.subList(received, RECEIVED.size())).as("requests the services received").isEmpty();
    }

    @Test
    void aServiceThatCannotBeReachedIsA503ProblemToRetry() throws Exception {
        HttpServer gone = echo("gone");
        int port = gone.getAddress().getPort();
        gone.stop(0);
        try (ConfigurableApplicationContext gateway = SpringApplication.run(GatewayApplication.class,
                "--server.port=0", "--gateway.services.command-side=http://127.0.0.1:" + port,
                "--gateway.services.query-side=http://127.0.0.1:" + port,
                "--gateway.services.kafka-bridge=http://127.0.0.1:" + port,
                "--gateway.services.notification-projector=http://127.0.0.1:" + port)) {
            HttpResponse<String> response = send(gateway, "POST", "/api/orders");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"type\":\"urn:axon-commerce:problem:service-unavailable\"",
                    "\"status\":503", "command-side did not answer");
        }
    }

    @Test
    void unknownPathsAndMethodsAreNotForwarded() throws Exception {
        assertThat(send("GET", "/api/unknown").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/orders/o1").statusCode()).isEqualTo(404);
    }

    @Test
    void moreLiveOrderStreamsThanServletThreadsStayOpenAtOnceAndTheGatewayKeepsAnswering() throws Exception {
        // Tomcat's pool has 200 platform threads and a proxied stream holds its request thread while it is open
        int streams = 250;
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            opening.add(http1.sendAsync(HttpRequest.newBuilder(gateway("/api/orders/o" + i + "/updates"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream()));
        }
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                HttpResponse<InputStream> response = opening.get(i).get(60, TimeUnit.SECONDS);
                open.add(response.body());
                assertThat(response.statusCode()).isEqualTo(200);
                BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                assertThat(events.readLine()).isEqualTo("data: query-side GET /api/orders/o" + i + "/updates");
            }
            assertThat(send("GET", "/api/products/p1").body()).isEqualTo("query-side GET /api/products/p1");
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
            http1.shutdownNow(); // close() would wait for streams that never opened
        }
    }

    @Test
    void gatewayHasItsOwnPrometheusEndpoint() throws Exception {
        HttpResponse<String> response = send("GET", "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void inProductionTheGatewaysOwnActuatorIsHealthWithoutDetailsAndPrometheusOnly() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        for (String path : List.of("/actuator/metrics", "/actuator/info", "/actuator/env")) {
            assertThat(send("GET", path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(send(LOCAL_GATEWAY, "GET", "/actuator/metrics").statusCode()).as("local").isEqualTo(200);
    }

    private static URI gateway(String path) {
        return gateway(GATEWAY, path);
    }

    private static URI gateway(ConfigurableApplicationContext gateway, String path) {
        int port = ((ServletWebServerApplicationContext) gateway).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return send(GATEWAY, method, path);
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext gateway, String method, String path)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway(gateway, path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
