package io.axoncommerce.payment;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentRequestedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.embedded.support.Ports;
import io.axoncommerce.payment.aggregate.PaymentStatus;
import io.axoncommerce.payment.simulator.ProviderSimulator;
import io.axoncommerce.payment.simulator.ProviderSimulator.ChargeRequest;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventScheduler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter as it runs in production wiring: its own application.yml, Axon Server (ours, embedded) routing the
 * commands, storing the Payment events and keeping the scheduled retries, the provider calls' tokens in MongoDB
 * (mongo-java-server), Jackson on the wire, the simulator as the provider with its ledger in a data directory.
 */
class PaymentAdapterAxonServerIT {

    private static final Money AMOUNT = Money.of("44.98", "EUR");
    private static final Duration SETTLED = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer axonServer;
    static MongoServer mongo;
    static ConfigurableApplicationContext adapter;

    @BeforeAll
    static void start() {
        axonServer = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(dataDir.resolve("axonserver"))
                .build().start();
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        adapter = startAdapter();
    }

    private static ConfigurableApplicationContext startAdapter() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PaymentAdapterApplication.class)
                .run("--server.port=" + Ports.freePort(), "--spring.profiles.active=local",
                        "--axon.axonserver.servers=localhost:" + axonServer.grpcPort(),
                        "--axon.axonserver.client-id=payment-adapter-it",
                        "--spring.data.mongodb.uri=mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort(),
                        "--payment.simulator.data-dir=" + dataDir.resolve("simulator"),
                        "--payment.retry.initial-interval=200ms", "--payment.retry.max-interval=1s",
                        "--resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state=1s",
                        "--resilience4j.retry.instances.payment-provider.wait-duration=20ms");
        await().until(() -> axonServer.commands().subscriptions()
                .getOrDefault(ProcessPaymentCommand.class.getName(), Set.of()).size() == 1);
        return context;
    }

    @AfterAll
    static void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (axonServer != null) {
            axonServer.close();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    private static List<Object> storedEvents(String paymentId) {
        return adapter.getBean(EventStore.class).readEvents(paymentId).asStream()
                .map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    private static List<Object> awaitEvent(String paymentId, Predicate<Object> event) {
        await().atMost(SETTLED).until(() -> storedEvents(paymentId).stream().anyMatch(event));
        return storedEvents(paymentId);
    }

    private static ProcessPaymentCommand pay(String orderId, String token) {
        return new ProcessPaymentCommand("payment-" + orderId, orderId, "customer-1", AMOUNT, token);
    }

    @Test
    void paymentsAreChargedRefundedAndStoredThroughAxonServer() {
        CommandGateway commands = adapter.getBean(CommandGateway.class);
        ProviderSimulator simulator = adapter.getBean(ProviderSimulator.class);
        assertThat(adapter.getBean(EventScheduler.class)).isInstanceOf(AxonServerEventScheduler.class);

        PaymentStatus requested = commands.sendAndWait(pay("order-as1", "tok_visa"));
        awaitEvent("payment-order-as1", PaymentSucceededEvent.class::isInstance);
        PaymentStatus again = commands.sendAndWait(pay("order-as1", "tok_visa"));
        PaymentStatus refunding = commands.sendAndWait(new RefundPaymentCommand("payment-order-as1", "order-as1"));
        awaitEvent("payment-order-as1", PaymentRefundedEvent.class::isInstance);
        commands.sendAndWait(pay("order-as2", "tok_decline"));
        awaitEvent("payment-order-as2", PaymentFailedEvent.class::isInstance);

        assertThat(List.of(requested, again, refunding)).containsExactly(PaymentStatus.PENDING,
                PaymentStatus.SUCCEEDED, PaymentStatus.REFUND_PENDING);
        assertThat(simulator.chargesFor("order-as1")).isEqualTo(1);
        assertThat(simulator.requestsFor("payment-order-as1")).isEqualTo(1);
        assertThat(storedEvents("payment-order-as1")).hasSize(4).satisfies(events -> {
            assertThat(events.get(0)).isInstanceOf(PaymentRequestedEvent.class);
            assertThat(events.get(1)).isInstanceOfSatisfying(PaymentSucceededEvent.class,
                    e -> assertThat(e.amount()).isEqualTo(AMOUNT));
            assertThat(events.get(3)).isInstanceOf(PaymentRefundedEvent.class);
        });
        assertThat(storedEvents("payment-order-as2")).last().isEqualTo(new PaymentFailedEvent("payment-order-as2",
                "order-as2", AMOUNT, PaymentFailureReason.DECLINED, "card_declined"));
    }

    /**
     * The adapter stops while a payment waits for the provider: Axon Server keeps the scheduled retry and publishes
     * it while no adapter runs, and the next adapter continues from its token in MongoDB and pays. Its simulator, on
     * the same data directory, still knows the charges made before: it answers their keys the same and refunds them.
     */
    @Test
    void aPaymentWaitingForTheProviderIsPaidByTheNextAdapterAndTheLedgerOutlivesTheFirst() {
        CommandGateway commands = adapter.getBean(CommandGateway.class);
        ProviderSimulator simulator = adapter.getBean(ProviderSimulator.class);
        commands.sendAndWait(pay("order-r1", "tok_visa"));
        PaymentSucceededEvent before = (PaymentSucceededEvent) awaitEvent("payment-order-r1",
                PaymentSucceededEvent.class::isInstance).get(1);
        simulator.setOutage(ProviderSimulator.OutageMode.UNAVAILABLE);
        commands.sendAndWait(pay("order-r2", "tok_visa"));
        awaitEvent("payment-order-r2", PaymentAwaitingProviderEvent.class::isInstance);

        adapter.close();
        adapter = startAdapter();

        ProviderSimulator restarted = adapter.getBean(ProviderSimulator.class);
        assertThat(restarted).isNotSameAs(simulator);
        List<Object> paid = awaitEvent("payment-order-r2", PaymentSucceededEvent.class::isInstance);
        assertThat(paid).noneMatch(PaymentFailedEvent.class::isInstance);
        assertThat(restarted.chargesFor("order-r2")).isEqualTo(1);

        // the ledger from before the restart: the same answer under the first payment's key, and its refund
        assertThat(restarted.chargesFor("order-r1")).isEqualTo(1);
        assertThat(restarted.charge("payment-order-r1", new ChargeRequest(AMOUNT.amount(), "EUR", "tok_visa",
                "order-r1")).body()).containsEntry("chargeId", before.providerReference());
        adapter.getBean(CommandGateway.class).sendAndWait(new RefundPaymentCommand("payment-order-r1", "order-r1"));
        awaitEvent("payment-order-r1", PaymentRefundedEvent.class::isInstance);
        assertThat(restarted.isRefunded(before.providerReference())).isTrue();
    }
}
