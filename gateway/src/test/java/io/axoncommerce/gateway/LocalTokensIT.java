package io.axoncommerce.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.axoncommerce.security.LocalSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The local profile's token endpoint (and its absence without the profile), and that the gateway relays the
 * {@code Authorization} header to the services, which check the token themselves.
 */
class LocalTokensIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void theLocalProfileMintsTokensSignedWithTheLocalKeyAndTheGatewayRelaysThem() throws Exception {
        HttpServer service = echoAuthorization();
        try (ConfigurableApplicationContext gateway = start(service, "--spring.profiles.active=local")) {
            HttpResponse<String> minted = send(gateway, "POST", "/api/local/tokens",
                    "{\"subject\": \"alice\", \"roles\": [\"customer\"]}", null);
            assertThat(minted.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(minted.body());
            assertThat(body.path("tokenType").asText()).isEqualTo("Bearer");
            SignedJWT jwt = SignedJWT.parse(body.path("accessToken").asText());
            assertThat(jwt.verify(new MACVerifier(LocalSigningKey.of(LocalSigningKey.DEFAULT).secretKey()))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
            assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).isEqualTo(List.of("customer"));
            assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isInTheFuture();

            HttpResponse<String> relayed = send(gateway, "GET", "/api/orders/o-1", null,
                    "Bearer " + body.path("accessToken").asText());
            assertThat(relayed.body()).isEqualTo("Bearer " + body.path("accessToken").asText());

            for (String bad : List.of("{\"subject\": \"alice\", \"roles\": [\"root\"]}", "{\"subject\": \"a b\"}",
                    "{\"subject\": \"alice\", \"expiresInSeconds\": 999999}", "{}")) {
                assertThat(send(gateway, "POST", "/api/local/tokens", bad, null).statusCode()).as(bad).isEqualTo(400);
            }
        } finally {
            service.stop(0);
        }
    }

    @Test
    void withoutTheLocalProfileThereAreNoTokens() throws Exception {
        HttpServer service = echoAuthorization();
        try (ConfigurableApplicationContext gateway = start(service)) {
            assertThat(send(gateway, "POST", "/api/local/tokens", "{\"subject\": \"alice\", \"roles\": [\"admin\"]}",
                    null).statusCode()).isEqualTo(404);
        } finally {
            service.stop(0);
        }
    }

    @Test
    void aLocalKeyWithoutTheLocalProfileStopsTheStart() throws Exception {
        HttpServer service = echoAuthorization();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(service,
                            "--axon-commerce.security.local.signing-key=" + LocalSigningKey.DEFAULT).close())
                    .hasStackTraceContaining("profile is not active");
        } finally {
            service.stop(0);
        }
    }

    private static ConfigurableApplicationContext start(HttpServer service, String... more) {
        String base = "http://127.0.0.1:" + service.getAddress().getPort();
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0"));
        for (String name : List.of("command-side", "query-side", "payment-adapter", "kafka-bridge",
                "notification-projector", "saga")) {
            args.add("--gateway.services." + name + "=" + base);
        }
        args.addAll(List.of(more));
        return SpringApplication.run(GatewayApplication.class, args.toArray(String[]::new));
    }

    /** Answers with the Authorization header it received. */
    private static HttpServer echoAuthorization() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = String.valueOf(auth).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext gateway, String method, String path,
                                             String body, String authorization) throws Exception {
        int port = ((ServletWebServerApplicationContext) gateway).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
