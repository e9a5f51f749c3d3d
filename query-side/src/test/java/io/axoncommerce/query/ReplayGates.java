package io.axoncommerce.query;

import io.axoncommerce.query.projection.ProcessingGroups;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test-only handlers in the orders and inventory processing groups that hold a replay at a marker event
 * ({@link ReplayGateEvent}) while a test has that gate armed: the segment handling it stops there, mid-replay, until
 * the test releases it. So a test can look at a replay in progress without depending on how fast it runs. A gate
 * holds once, and only a replayed delivery of its marker (never the live one).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ReplayGates {

    /** The marker; {@code gateId} names the gate it belongs to. */
    public record ReplayGateEvent(String gateId) {
    }

    @Bean
    Gates replayGateRegistry() {
        return new Gates();
    }

    @Bean
    OrdersGate ordersReplayGate(Gates gates) {
        return new OrdersGate(gates);
    }

    @Bean
    InventoryGate inventoryReplayGate(Gates gates) {
        return new InventoryGate(gates);
    }

    public static final class Gates {

        private final Map<String, Gate> armed = new ConcurrentHashMap<>();

        /** Holds the next replay of {@code processingGroup} at the marker {@code gateId}. */
        public Gate arm(String processingGroup, String gateId) {
            Gate gate = new Gate();
            armed.put(processingGroup + "/" + gateId, gate);
            return gate;
        }

        void pass(String processingGroup, ReplayGateEvent event, ReplayStatus status) {
            if (status.isReplay()) {
                Gate gate = armed.remove(processingGroup + "/" + event.gateId());
                if (gate != null) {
                    gate.hold();
                }
            }
        }
    }

    public static final class Gate {

        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until a replay is held here. */
        public void awaitReached() throws InterruptedException {
            assertThat(reached.await(2, TimeUnit.MINUTES)).as("the replay reached the gate").isTrue();
        }

        public void release() {
            released.countDown();
        }

        private void hold() {
            reached.countDown();
            try {
                // bounded, so that a test that fails before releasing cannot hang the processor for good
                released.await(3, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @ProcessingGroup(ProcessingGroups.ORDERS)
    static final class OrdersGate {
        private final Gates gates;

        OrdersGate(Gates gates) {
            this.gates = gates;
        }

        @EventHandler
        void on(ReplayGateEvent event, ReplayStatus status) {
            gates.pass(ProcessingGroups.ORDERS, event, status);
        }
    }

    @ProcessingGroup(ProcessingGroups.INVENTORY)
    static final class InventoryGate {
        private final Gates gates;

        InventoryGate(Gates gates) {
            this.gates = gates;
        }

        @EventHandler
        void on(ReplayGateEvent event, ReplayStatus status) {
            gates.pass(ProcessingGroups.INVENTORY, event, status);
        }
    }
}
