package io.axoncommerce.saga;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.saga.order.OrderFulfilmentSaga;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventScheduler;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reservation deadline survives a restart of the saga application: the first instance places the deadline with
 * our Axon Server and stops; the deadline falls due while no saga application runs; a second instance (a new JVM
 * context, same MongoDB) receives the expired deadline from the server and compensates.
 */
class SagaDeadlineRestartIT {

    private static final Duration RESERVATION_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer axonServer;
    static MongoServer mongo;

    @BeforeAll
    static void startInfrastructure() {
        axonServer = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(dataDir).build().start();
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
    }

    @AfterAll
    static void stopInfrastructure() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (axonServer != null) {
            axonServer.close();
        }
    }

    private static ConfigurableApplicationContext startSagaApplication(String instance) {
        // Command-line arguments: they take precedence over application.yml (builder properties would not).
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SagaApplication.class,
                RecordingCounterparts.class)
                .web(WebApplicationType.NONE)
                .run("--axon.axonserver.servers=localhost:" + axonServer.grpcPort(),
                        "--axon.axonserver.client-id=saga-" + instance,
                        "--spring.data.mongodb.uri=mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort(),
                        "--saga.order-fulfilment.reservation-timeout=" + RESERVATION_TIMEOUT.toMillis() + "ms");
        await().atMost(Duration.ofSeconds(30)).until(() -> axonServer.commands().subscriptions()
                .getOrDefault(CancelOrderCommand.class.getName(), Set.of()).size() == 1);
        return context;
    }

    @Test
    void theReservationDeadlineFiresForAnInstanceStartedAfterTheFirstOneStopped() {
        OrderPlacedEvent placed = new OrderPlacedEvent("order-restart", "customer-1", List.of(
                new OrderLine("p-1", 2, Money.of("10.00", "EUR")),
                new OrderLine("p-2", 1, Money.of("5.00", "EUR"))), Money.of("25.00", "EUR"), "tok_visa");

        long stoppedAt;
        try (ConfigurableApplicationContext first = startSagaApplication("first")) {
            assertThat(first.getBean(EventScheduler.class)).isInstanceOf(AxonServerEventScheduler.class);
            RecordingCounterparts counterparts = first.getBean(RecordingCounterparts.class);
            first.getBean(EventGateway.class).publish(placed);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(counterparts.received).contains(
                    new ReserveStockCommand("p-1", "order-restart", 2), new ReserveStockCommand("p-2", "order-restart", 1)));
            first.getBean(EventGateway.class).publish(new StockReservedEvent("p-1", "order-restart", 2, 8));
            @SuppressWarnings("unchecked")
            SagaStore<Object> sagaStore = first.getBean(SagaStore.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !sagaStore.findSagas(OrderFulfilmentSaga.class,
                    new AssociationValue("orderId", "order-restart")).isEmpty());
            assertThat(counterparts.received).as("the deadline must fall due after the first instance stopped")
                    .noneMatch(CancelOrderCommand.class::isInstance);
            stoppedAt = System.nanoTime();
        }

        try (ConfigurableApplicationContext second = startSagaApplication("second")) {
            System.out.printf("saga application restarted in %.1f s (deadline %s)%n",
                    (System.nanoTime() - stoppedAt) / 1e9, RESERVATION_TIMEOUT);
            RecordingCounterparts counterparts = second.getBean(RecordingCounterparts.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(counterparts.received).contains(
                    new ReleaseStockCommand("p-1", "order-restart"),
                    new CancelOrderCommand("order-restart", CancellationReason.TIMEOUT)));
            // The second instance continued from the stored token: it did not place the order's reservations again
            // (which would also have scheduled a fresh deadline), so the deadline it saw is the one the server kept.
            assertThat(counterparts.received).noneMatch(ReserveStockCommand.class::isInstance);
        }
    }
}
