package io.axoncommerce.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.query.admin.ProcessorAdmin;
import io.axoncommerce.query.admin.ProcessorStatus;
import io.axoncommerce.query.projection.ProcessingGroups;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query side as it runs: its Spring Boot application on a random HTTP port, events stored and queries routed by
 * our Axon Server (one per test JVM), the embedded MongoDB stand-in and a real Elasticsearch node started by
 * embedded-infrastructure's auto-configuration (no URIs set). Every IT extends this class with the same
 * configuration (including the test-only {@link ReplayGates}), so they share one Spring context and one set of
 * servers. Requests are sent as an admin (who may read
 * everything) unless a test names another caller.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=query-side",
        "axon.axonserver.client-id=query-side-it",
        "axon-commerce.embedded.elasticsearch.heap=256m",
        "axon-commerce.embedded.elasticsearch.jvm-options=-XX:+UseSerialGC,-XX:TieredStopAtLevel=1",
        // a wide window in which the rebuilt search index exists but is not yet swapped in (ReplayIT searches in it)
        "query-side.rebuild-check-interval=1s",
        // several shards on the one node, so the ITs exercise routing by category (ProductRoutingIT)
        "query-side.search.shards=3",
        // collections retired by a rebuild are dropped soon enough for a test to see it
        "query-side.read-models.drop-delay=2s",
        // gauges read soon enough for a test to see them change (DeadLetterIT)
        "query-side.metrics.refresh-interval=1s",
        // tokens signed with the documented local key (TestTokens)
        "spring.profiles.active=local"
})
@Import(ReplayGates.class)
public abstract class QuerySideIT {

    protected static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, AtomicLong> SEQUENCES = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void axonServer(DynamicPropertyRegistry registry) {
        registry.add("axon.axonserver.servers", () -> "localhost:" + AxonServerHolder.SERVER.grpcPort());
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected ProcessorAdmin processorAdmin;

    /** A query answered 404 (not 503) has made the round trip through Axon Server to our handler. */
    @BeforeEach
    void queryHandlersReachable() {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/inventory/readiness-probe").statusCode() == 404);
    }

    /** Appends events of one aggregate to the event store in one transaction, numbering them on from its last one. */
    protected void append(String aggregateType, String aggregateId, Object... payloads) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (Object payload : payloads) {
            events.add(event(aggregateType, aggregateId, payload));
        }
        eventStore.publish(events);
    }

    /** An event of the aggregate, numbered on from its last one (for appending many aggregates' events at once). */
    protected static EventMessage<?> event(String aggregateType, String aggregateId, Object payload) {
        AtomicLong next = SEQUENCES.computeIfAbsent(aggregateId, id -> new AtomicLong());
        return new GenericDomainEventMessage<>(aggregateType, aggregateId, next.getAndIncrement(), payload);
    }

    protected void awaitProjectionsCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            for (String group : ProcessingGroups.ALL) {
                ProcessorStatus status = processorAdmin.find(group).orElseThrow();
                assertThat(status.replaying()).as(group + " replaying").isFalse();
                assertThat(status.lag()).as(group + " lag").isZero();
                assertThat(status.claimedSegments()).as(group + " claimed segments").isEqualTo(status.segments());
            }
        });
    }

    protected static final String ADMIN = TestTokens.token("ops", "admin");

    protected HttpResponse<String> get(String path) {
        return get(path, ADMIN);
    }

    /** As the caller of {@code token}; null = anonymous. */
    protected HttpResponse<String> get(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)).GET(), token));
    }

    protected HttpResponse<String> post(String path) {
        return post(path, ADMIN);
    }

    protected HttpResponse<String> post(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), token));
    }

    protected HttpResponse<String> delete(String path) {
        return send(authorized(HttpRequest.newBuilder(uri(path)).DELETE(), ADMIN));
    }

    protected static HttpRequest authorized(HttpRequest.Builder request, String token) {
        return (token == null ? request : request.header("Authorization", "Bearer " + token)).build();
    }

    protected JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return json(response);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One Axon Server for the whole test JVM, stopped when the JVM exits. */
    private static final class AxonServerHolder {
        static final EmbeddedAxonServer SERVER = start();

        private static EmbeddedAxonServer start() {
            try {
                Path dir = Files.createTempDirectory("query-side-it-axonserver");
                EmbeddedAxonServer server = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(dir)
                        .build().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    FileSystemUtils.deleteRecursively(dir.toFile());
                }));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
