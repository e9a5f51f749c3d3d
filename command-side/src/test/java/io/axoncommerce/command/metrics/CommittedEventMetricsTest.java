package io.axoncommerce.command.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class CommittedEventMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommittedEventMetrics metrics = new CommittedEventMetrics(registry);

    @Test
    void countsOnlyWhatACommittedUnitOfWorkPublished() {
        OrderPlacedEvent placed = new OrderPlacedEvent("o1", "alice", List.of(new OrderLine("p1", 2, Money.of("12.50", "EUR"))),
                Money.of("25.00", "EUR"), "tok_visa");

        DefaultUnitOfWork<?> rolledBack = DefaultUnitOfWork.startAndGet(null);
        metrics.handle(List.of(GenericEventMessage.asEventMessage(placed)));
        rolledBack.rollback();
        assertThat(registry.get(CommittedEventMetrics.ORDERS_PLACED).counter().count()).isZero();

        DefaultUnitOfWork<?> committed = DefaultUnitOfWork.startAndGet(null);
        metrics.handle(List.of(GenericEventMessage.asEventMessage(placed),
                GenericEventMessage.asEventMessage(new OrderCancelledEvent("o1", CancellationReason.OUT_OF_STOCK))));
        assertThat(registry.get(CommittedEventMetrics.ORDERS_PLACED).counter().count()).isZero();
        committed.commit();

        assertThat(registry.get(CommittedEventMetrics.ORDERS_PLACED).counter().count()).isEqualTo(1);
        assertThat(registry.get(CommittedEventMetrics.ORDERS_CANCELLED).tag("reason", "out_of_stock").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(CommittedEventMetrics.ORDERS_CANCELLED).tag("reason", "timeout").counter().count())
                .as("registered up front").isZero();
        assertThat(registry.get(CommittedEventMetrics.ORDER_VALUE).tag("currency", "EUR").summary().totalAmount())
                .isEqualTo(25.0);
    }

    @Test
    void stockOperationsByKindWithTheirUnits() {
        metrics.handle(List.of(GenericEventMessage.asEventMessage(new StockReservedEvent("p1", "o1", 3, 7)),
                GenericEventMessage.asEventMessage(new StockReservationRejectedEvent("p2", "o1", 5, 2))));

        assertThat(registry.get(CommittedEventMetrics.STOCK_OPERATIONS).tag("kind", "reserved").counter().count()).isEqualTo(1);
        assertThat(registry.get(CommittedEventMetrics.STOCK_UNITS).tag("kind", "reserved").counter().count()).isEqualTo(3);
        assertThat(registry.get(CommittedEventMetrics.STOCK_OPERATIONS).tag("kind", "rejected").counter().count()).isEqualTo(1);
    }
}
