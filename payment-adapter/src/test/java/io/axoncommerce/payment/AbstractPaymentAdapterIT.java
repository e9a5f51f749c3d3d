package io.axoncommerce.payment;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.axoncommerce.embedded.support.Ports;
import io.axoncommerce.payment.provider.PaymentProviderClient;
import io.axoncommerce.payment.simulator.ProviderSimulator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;


/**
 * One Spring context for every adapter test: the adapter with its simulator on a free port, Axon in local mode (our
 * Axon Server is not needed for these; the in-memory event scheduler stands in for its durable one), the provider
 * calls' tokens in MongoDB on mongo-java-server, the resilience waits and the payments' retry back-off shortened so an
 * open breaker closes, and a payment waiting for the provider is retried, within a test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "axon.axonserver.enabled=false",
        // api-security validates tokens with the documented local key (the actuator beyond health needs admin)
        "spring.profiles.active=local",
        "payment.simulator.enabled=true",
        "payment.simulator.hang-limit=5s",
        "resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state=1s",
        "resilience4j.retry.instances.payment-provider.wait-duration=20ms",
        "resilience4j.timelimiter.instances.payment-provider.timeout-duration=1s",
        "payment.retry.initial-interval=200ms",
        "payment.retry.max-interval=1s",
        "payment.retry.randomization=0"
})
@Import(AbstractPaymentAdapterIT.LocalEventStore.class)
public abstract class AbstractPaymentAdapterIT {

    private static final int PORT = Ports.freePort();
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

    static {
        MONGO.bind("127.0.0.1", 0);
    }

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        // The client's base URL is fixed when the context starts, so the port must be known before it starts.
        registry.add("server.port", () -> PORT);
        registry.add("spring.data.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO.getLocalAddress().getPort());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class LocalEventStore {
        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }
    }

    @Autowired
    protected ProviderSimulator simulator;
    @Autowired
    protected PaymentProviderClient client;
    @Autowired
    protected CircuitBreakerRegistry circuitBreakers;

    protected CircuitBreaker breaker() {
        return circuitBreakers.circuitBreaker(PaymentProviderClient.RESILIENCE_NAME);
    }

    protected static String baseUrl() {
        return "http://localhost:" + PORT;
    }

    private static volatile boolean warm;

    @BeforeEach
    void healthyProviderAndClosedBreaker() {
        simulator.setOutage(ProviderSimulator.OutageMode.NONE);
        simulator.loseNextAnswers(0);
        if (!warm) {
            // The first request pays for the servlet's lazy initialisation; under load that alone can exceed the
            // time limiter. Not a provider call: it leaves the simulator's counters alone.
            RestClient.create().get().uri(baseUrl() + "/simulator/payments/admin/state").retrieve().toBodilessEntity();
            warm = true;
        }
        breaker().reset();
    }

}
