package io.axoncommerce.saga.order;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.payment.CancelPaymentCommand;
import io.axoncommerce.api.payment.PaymentId;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The commands {@link OrderFulfilmentSaga} sends for one order, through a gateway that retries transient failures, and
 * what a send that still fails leads to: a step forward runs the callback it is given (the saga brings the step's
 * deadline forward), anything else is logged and sent again at its deadline. The saga decides what to send; this class
 * only sends it, so it is made from the saga's transient gateway for each use and never stored.
 */
final class OrderCommands {

    // the saga's logger: what an operator filters on did not change when the sending moved here
    private static final Logger log = LoggerFactory.getLogger(OrderFulfilmentSaga.class);

    private final CommandGateway gateway;
    private final String orderId;

    OrderCommands(CommandGateway gateway, String orderId) {
        this.gateway = gateway;
        this.orderId = orderId;
    }

    void reserve(String productId, int quantity, Runnable onFailure) {
        send(new ReserveStockCommand(productId, orderId, quantity), failure -> onFailure.run());
    }

    /** The order's status shows the reservation, and a confirmation requires it. */
    void markStockReserved(Runnable onFailure) {
        send(new MarkOrderStockReservedCommand(orderId), failure -> onFailure.run());
    }

    void requestPayment(String customerId, Money total, String paymentToken, Runnable onFailure) {
        send(new ProcessPaymentCommand(PaymentId.forOrder(orderId), orderId, customerId, total, paymentToken),
                failure -> onFailure.run());
    }

    void release(String productId) {
        send(new ReleaseStockCommand(productId, orderId), failure -> log.warn(
                "reservation of product {} for order {} not released yet ({}); sent again at the settlement deadline",
                productId, orderId, failure.toString()));
    }

    void commit(String productId) {
        send(new CommitStockCommand(productId, orderId), failure -> log.warn(
                "stock of product {} for confirmed order {} not committed yet ({}); sent again at the settlement "
                        + "deadline", productId, orderId, failure.toString()));
    }

    void confirm() {
        send(new ConfirmOrderCommand(orderId), failure -> log.warn(
                "paid order {} not confirmed yet ({}); sent again at the settlement deadline unless its cancellation "
                        + "arrives", orderId, failure.toString()));
    }

    void cancel(CancellationReason reason) {
        send(new CancelOrderCommand(orderId, reason), failure -> log.warn(
                "order {} not cancelled yet ({}): {}; sent again at the settlement deadline", orderId, reason,
                failure.toString()));
    }

    void cancelPayment() {
        send(new CancelPaymentCommand(PaymentId.forOrder(orderId), orderId), failure -> log.warn(
                "payment for order {} not cancelled yet ({}); sent again at the settlement deadline", orderId,
                failure.toString()));
    }

    void refund() {
        send(new RefundPaymentCommand(PaymentId.forOrder(orderId), orderId), failure ->
                log.warn("payment for order {} not refunded yet ({}); sent again at the refund deadline", orderId,
                        failure.toString()));
    }

    private void send(Object command, Consumer<Throwable> onFailure) {
        gateway.send(command).whenComplete((result, failure) -> {
            if (failure != null) {
                onFailure.accept(failure);
            }
        });
    }
}
