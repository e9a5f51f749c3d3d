package io.axoncommerce.saga;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import io.axoncommerce.api.order.OrderDeadlineExpiredEvent;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.springframework.beans.factory.config.BeanPostProcessor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.payment.CancelPaymentCommand;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import io.axoncommerce.saga.order.OrderFulfilmentSaga;
import io.axoncommerce.security.LocalSigningKey;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.awaitility.Awaitility.await;

/**
 * The saga application as it runs (Axon in local mode, since our Axon Server is another module): the pooled
 * processor, the MongoDB saga and token stores on mongo-java-server, the event scheduler, the retrying command
 * gateway. The other services are played by {@link RecordingCounterparts}.
 */
@SpringBootTest(properties = {
        "axon.axonserver.enabled=false",
        // the actuator's security (api-security) validates tokens with the documented local key
        "spring.profiles.active=local",
        "saga.order-fulfilment.reservation-timeout=5s",
        "saga.order-fulfilment.payment-timeout=30s",
        "saga.command-retry.max-retries=3",
        "saga.command-retry.backoff=10ms"
})
@Import({SagaApplicationIT.LocalEventStore.class, SagaApplicationIT.SchedulerDownOnce.class,
        RecordingCounterparts.class})
@AutoConfigureMockMvc
class SagaApplicationIT {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final Money TOTAL = Money.of("25.00", "EUR");

    static {
        MONGO.bind("127.0.0.1", 0);
    }

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri",
                () -> "mongodb://127.0.0.1:" + MONGO.getLocalAddress().getPort() + "/saga_it");
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    /** Axon local mode has no event store of its own. */
    static class LocalEventStore {
        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }
    }

    /** The event scheduler refuses order-e's first deadline, as Axon Server does while it restarts. */
    static class SchedulerDownOnce {
        static final AtomicBoolean REFUSED = new AtomicBoolean();

        @Bean
        static BeanPostProcessor schedulerDownOnce() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof EventScheduler scheduler)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(EventScheduler.class.getClassLoader(),
                            new Class<?>[]{EventScheduler.class}, (proxy, method, args) -> {
                                if (method.getName().equals("schedule")
                                        && args[1] instanceof OrderDeadlineExpiredEvent deadline
                                        && deadline.orderId().equals("order-e") && REFUSED.compareAndSet(false, true)) {
                                    throw new IllegalStateException("UNAVAILABLE: Axon Server is restarting");
                                }
                                try {
                                    return method.invoke(scheduler, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }
            };
        }
    }

    @Autowired
    private EventGateway events;
    @Autowired
    private RecordingCounterparts counterparts;
    @Autowired
    private SagaStore<Object> sagaStore;
    @Autowired
    private MongoClient mongoClient;
    @Autowired
    private MockMvc mvc;

    private static OrderPlacedEvent placed(String orderId) {
        return new OrderPlacedEvent(orderId, "customer-1", List.of(
                new OrderLine("p-1", 2, Money.of("10.00", "EUR")),
                new OrderLine("p-2", 1, Money.of("5.00", "EUR"))), TOTAL, "tok_visa");
    }

    private void awaitReceived(Object... commands) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(counterparts.received).contains(commands));
    }

    private boolean sagaStored(String orderId) {
        return !sagaStore.findSagas(OrderFulfilmentSaga.class, new AssociationValue("orderId", orderId)).isEmpty();
    }

    @Test
    void theActuatorShowsMetricsAndHealthDetailsToAdminsOnly() throws Exception {
        String admin = "Bearer " + LocalSigningKey.of(LocalSigningKey.DEFAULT).mint("ops", List.of("admin"),
                Duration.ofMinutes(5));
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP")).andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health").header("Authorization", admin)).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.diskSpace.status").value("UP"));
        mvc.perform(get("/actuator/metrics")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/metrics").header("Authorization", admin)).andExpect(status().isOk());
    }

    @Test
    void anOrderIsFulfilledWithTheSagaAndItsTokensInMongo() {
        // Published together: the reservations must not race the (5 s) reservation deadline on a busy machine.
        events.publish(placed("order-a"), new StockReservedEvent("p-1", "order-a", 2, 8),
                new StockReservedEvent("p-2", "order-a", 1, 4));
        awaitReceived(new ReserveStockCommand("p-1", "order-a", 2), new ReserveStockCommand("p-2", "order-a", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> sagaStored("order-a"));
        awaitReceived(new MarkOrderStockReservedCommand("order-a"),
                new ProcessPaymentCommand("payment-order-a", "order-a", "customer-1", TOTAL, "tok_visa"));

        events.publish(new PaymentSucceededEvent("payment-order-a", "order-a", TOTAL, "ch_1"));
        awaitReceived(new ConfirmOrderCommand("order-a"));

        events.publish(new OrderConfirmedEvent("order-a"));
        awaitReceived(new CommitStockCommand("p-1", "order-a"), new CommitStockCommand("p-2", "order-a"));
        assertThat(sagaStored("order-a")).as("the saga waits until the stock is committed").isTrue();
        events.publish(new StockCommittedEvent("p-1", "order-a", 2), new StockCommittedEvent("p-2", "order-a", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !sagaStored("order-a"));

        long tokens = mongoClient.getDatabase("axoncommerce_saga").getCollection("trackingtokens")
                .countDocuments(Filters.eq("processorName", OrderFulfilmentSaga.PROCESSING_GROUP));
        assertThat(tokens).as("the saga processor's token segments live in MongoDB").isPositive();
        assertThat(counterparts.received).noneMatch(c -> c instanceof CancelOrderCommand cancel
                && cancel.orderId().equals("order-a"));
    }

    @Test
    void theReservationDeadlineCancelsAnOrderWhoseStockNeverAnswers() {
        events.publish(placed("order-b"));
        awaitReceived(new ReserveStockCommand("p-1", "order-b", 2));
        events.publish(new StockReservedEvent("p-1", "order-b", 2, 8));

        // p-2 never answers: after the (5 s) reservation deadline the saga releases p-1 and cancels.
        awaitReceived(new ReleaseStockCommand("p-1", "order-b"), new CancelOrderCommand("order-b", CancellationReason.TIMEOUT));
    }

    @Test
    void anEventTheSagaFailsToHandleIsHandledAgainNotSkipped() {
        events.publish(placed("order-e"));

        // the first try failed on its deadline before it sent anything; only a second try sends the reservations
        awaitReceived(new ReserveStockCommand("p-1", "order-e", 2), new ReserveStockCommand("p-2", "order-e", 1));
        assertThat(SchedulerDownOnce.REFUSED).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> sagaStored("order-e"));
    }

    @Test
    void aTransientSendFailureIsRetriedWithBackOff() {
        ReserveStockCommand flaky = new ReserveStockCommand("p-1", "order-c", 2);
        counterparts.transientFailures.put(flaky, 2);
        events.publish(placed("order-c"));

        awaitReceived(flaky, new ReserveStockCommand("p-2", "order-c", 1));
        assertThat(counterparts.attempts.get(flaky)).hasValue(3);
        assertThat(counterparts.received).filteredOn(flaky::equals).hasSize(1);
    }

    @Test
    void aSendThatKeepsFailingIsCompensatedAfterTheBoundedRetries() {
        ProcessPaymentCommand pay = new ProcessPaymentCommand("payment-order-d", "order-d", "customer-1", TOTAL, "tok_visa");
        counterparts.transientFailures.put(pay, -1);
        events.publish(placed("order-d"));
        awaitReceived(new ReserveStockCommand("p-1", "order-d", 2), new ReserveStockCommand("p-2", "order-d", 1));

        events.publish(new StockReservedEvent("p-1", "order-d", 2, 8), new StockReservedEvent("p-2", "order-d", 1, 4));

        // 1 attempt + 3 retries, then the payment deadline (30 s) is brought forward: release and cancel, and the
        // payment is cancelled (it never received its request: the request, should it still arrive, charges nothing)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(counterparts.received).contains(new ReleaseStockCommand("p-1", "order-d"),
                        new ReleaseStockCommand("p-2", "order-d"),
                        new CancelOrderCommand("order-d", CancellationReason.TIMEOUT),
                        new CancelPaymentCommand("payment-order-d", "order-d")));
        assertThat(counterparts.received).doesNotContain(pay);
        assertThat(counterparts.attempts.get(pay)).hasValue(4);
    }
}
