package io.axoncommerce.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.embedded.support.Ports;
import io.axoncommerce.payment.payment.PaymentStatus;
import io.axoncommerce.payment.simulator.ProviderSimulator;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter as it runs in production wiring: its own application.yml, Axon Server (ours, embedded) routing the
 * commands and storing the Payment events, Jackson on the wire, the simulator as the provider.
 */
class PaymentAdapterAxonServerIT {

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer axonServer;
    static ConfigurableApplicationContext adapter;

    @BeforeAll
    static void start() {
        axonServer = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(dataDir).build().start();
        adapter = new SpringApplicationBuilder(PaymentAdapterApplication.class)
                .run("--server.port=" + Ports.freePort(), "--spring.profiles.active=local",
                        "--axon.axonserver.servers=localhost:" + axonServer.grpcPort(),
                        "--axon.axonserver.client-id=payment-adapter-it");
        await().until(() -> axonServer.commands().subscriptions()
                .getOrDefault(ProcessPaymentCommand.class.getName(), Set.of()).size() == 1);
    }

    @AfterAll
    static void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (axonServer != null) {
            axonServer.close();
        }
    }

    private static List<Object> storedEvents(String paymentId) {
        return adapter.getBean(EventStore.class).readEvents(paymentId).asStream()
                .map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    @Test
    void paymentsAreChargedRefundedAndStoredThroughAxonServer() {
        CommandGateway commands = adapter.getBean(CommandGateway.class);
        ProviderSimulator simulator = adapter.getBean(ProviderSimulator.class);
        Money amount = Money.of("44.98", "EUR");

        PaymentStatus paid = commands.sendAndWait(
                new ProcessPaymentCommand("payment-order-as1", "order-as1", "customer-1", amount, "tok_visa"));
        PaymentStatus again = commands.sendAndWait(
                new ProcessPaymentCommand("payment-order-as1", "order-as1", "customer-1", amount, "tok_visa"));
        PaymentStatus refunded = commands.sendAndWait(new RefundPaymentCommand("payment-order-as1", "order-as1"));
        PaymentStatus declined = commands.sendAndWait(
                new ProcessPaymentCommand("payment-order-as2", "order-as2", "customer-1", amount, "tok_decline"));

        assertThat(List.of(paid, again, refunded, declined)).containsExactly(PaymentStatus.SUCCEEDED,
                PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED, PaymentStatus.DECLINED);
        assertThat(simulator.chargesFor("order-as1")).isEqualTo(1);
        assertThat(simulator.requestsFor("payment-order-as1")).isEqualTo(1);
        assertThat(storedEvents("payment-order-as1")).hasSize(2)
                .satisfies(events -> {
                    assertThat(events.get(0)).isInstanceOfSatisfying(PaymentSucceededEvent.class,
                            e -> assertThat(e.amount()).isEqualTo(amount));
                    assertThat(events.get(1)).isInstanceOf(PaymentRefundedEvent.class);
                });
        assertThat(storedEvents("payment-order-as2")).containsExactly(new PaymentFailedEvent("payment-order-as2",
                "order-as2", amount, PaymentFailureReason.DECLINED, "card_declined"));
    }

}
