package io.axoncommerce.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway in front of six real HTTP servers that answer with their own name, method and path: every route
 * goes to the right service, by path and method.
 */
class ApiRoutesIT {

    private static final Map<String, HttpServer> SERVICES = Stream.of("command-side", "query-side", "payment-adapter",
            "kafka-bridge", "notification-projector", "saga").collect(Collectors.toMap(Function.identity(), ApiRoutesIT::echo));
    private static final ConfigurableApplicationContext GATEWAY = start();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpServer echo(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = (name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI())
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConfigurableApplicationContext start() {
        String[] args = Stream.concat(Stream.of("--server.port=0"), SERVICES.entrySet().stream()
                .map(e -> "--gateway.services." + e.getKey() + "=http://127.0.0.1:" + e.getValue().getAddress().getPort()))
                .toArray(String[]::new);
        return SpringApplication.run(GatewayApplication.class, args);
    }

    @AfterAll
    static void stop() {
        GATEWAY.close();
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
            "PUT,    /simulator/payments/admin/outage,    payment-adapter PUT /simulator/payments/admin/outage",
            "POST,   /api/kafka-bridge/replay,            kafka-bridge POST /api/kafka-bridge/replay",
            "GET,    /api/notifications,                  notification-projector GET /api/notifications",
            "GET,    /services/payment-adapter/actuator/health, payment-adapter GET /actuator/health",
            "GET,    /services/query-side/actuator/prometheus,  query-side GET /actuator/prometheus",
            "GET,    /services/saga/actuator/prometheus,        saga GET /actuator/prometheus",
    })
    void routesByPathAndMethod(String method, String path, String expected) throws Exception {
        HttpResponse<String> response = send(method, path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expected);
    }

    @Test
    void unknownPathsAndMethodsAreNotForwarded() throws Exception {
        assertThat(send("GET", "/api/unknown").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/orders/o1").statusCode()).isEqualTo(404);
    }

    @Test
    void gatewayHasItsOwnPrometheusEndpoint() throws Exception {
        HttpResponse<String> response = send("GET", "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes");
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        int port = ((ServletWebServerApplicationContext) GATEWAY).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
