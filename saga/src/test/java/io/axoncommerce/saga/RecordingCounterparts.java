package io.axoncommerce.saga;

import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.payment.CancelPaymentCommand;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import org.axonframework.commandhandling.CommandHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for the command side and the payment adapter in the saga's integration tests: real Axon command handlers
 * that record what they receive, and can fail the first attempts of a command with a transient error. Deliberately
 * not annotated as a Spring component: the tests register it explicitly, so the application's component scan never
 * picks it up.
 */
public class RecordingCounterparts {

    final List<Object> received = new CopyOnWriteArrayList<>();
    final Map<Object, AtomicInteger> attempts = new ConcurrentHashMap<>();
    /** command -> how many of its first attempts fail with a transient error (-1: all of them). */
    final Map<Object, Integer> transientFailures = new ConcurrentHashMap<>();

    static class HandlerBrieflyUnavailable extends RuntimeException {
        HandlerBrieflyUnavailable(String message) {
            super(message);
        }
    }

    private void record(Object command, String orderId) {
        int attempt = attempts.computeIfAbsent(command, c -> new AtomicInteger()).incrementAndGet();
        int failures = transientFailures.getOrDefault(command, 0);
        if (failures < 0 || attempt <= failures) {
            throw new HandlerBrieflyUnavailable("attempt " + attempt + " of " + command + " for " + orderId);
        }
        received.add(command);
    }

    @CommandHandler
    void handle(ReserveStockCommand command) {
        record(command, command.orderId());
    }

    @CommandHandler
    void handle(ReleaseStockCommand command) {
        record(command, command.orderId());
    }

    @CommandHandler
    void handle(CommitStockCommand command) {
        record(command, command.orderId());
    }

    @CommandHandler
    void handle(MarkOrderStockReservedCommand command) {
        record(command, command.orderId());
    }

    @CommandHandler
    void handle(ConfirmOrderCommand command) {
        record(command, command.orderId());
    }

    @CommandHandler
    void handle(CancelOrderCommand command) {
        record(command, command.orderId());
    }

    @CommandHandler
    void handle(ProcessPaymentCommand command) {
        record(command, command.orderId());
    }

    @CommandHandler
    void handle(RefundPaymentCommand command) {
        record(command, command.orderId());
    }

    @CommandHandler
    void handle(CancelPaymentCommand command) {
        record(command, command.orderId());
    }
}
