package io.axoncommerce.notification.order;

import java.math.BigDecimal;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.notification.NotificationProjectorProperties;
import io.axoncommerce.notification.channel.Channel;
import io.axoncommerce.notification.channel.Dispatcher;
import io.axoncommerce.notification.events.CloudEvent;
import io.axoncommerce.notification.events.PoisonRecordException;
import io.axoncommerce.notification.history.NotificationHistory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Decides which notifications an order or payment event causes. The event types are the CloudEvents {@code type}s
 * the bridge writes (the Java class names of the events); this module does not share the classes, like an outside
 * consumer.
 */
@Service
public class OrderNotifications {

    static final String ORDER_PLACED = "io.axoncommerce.api.order.OrderPlacedEvent";
    static final String ORDER_CONFIRMED = "io.axoncommerce.api.order.OrderConfirmedEvent";
    static final String ORDER_CANCELLED = "io.axoncommerce.api.order.OrderCancelledEvent";
    static final String PAYMENT_FAILED = "io.axoncommerce.api.payment.PaymentFailedEvent";

    private final MongoTemplate mongo;
    private final NotificationHistory history;
    private final Dispatcher dispatcher;
    private final NotificationProjectorProperties.Contacts contacts;

    public OrderNotifications(MongoTemplate mongo, NotificationHistory history, Dispatcher dispatcher,
                              NotificationProjectorProperties properties) {
        this.mongo = mongo;
        this.history = history;
        this.dispatcher = dispatcher;
        this.contacts = properties.contacts();
    }

    public void handle(CloudEvent event) {
        if (history.isProcessed(event.id())) {
            return;
        }
        switch (event.type()) {
            case ORDER_PLACED -> remember(event);
            case ORDER_CONFIRMED -> {
                KnownOrder order = order(event.text("orderId"));
                dispatcher.send(event, Channel.EMAIL, order.customerId(), contacts.email(order.customerId()),
                        "Your order " + order.orderId() + " is confirmed",
                        "Thank you! Your order " + order.orderId() + " over " + amount(order)
                                + " is confirmed and will be shipped soon.");
                dispatcher.send(event, Channel.PUSH, order.customerId(), contacts.pushTarget(order.customerId()),
                        "Order confirmed", "Order " + order.orderId() + " is confirmed.");
            }
            case ORDER_CANCELLED -> {
                KnownOrder order = order(event.text("orderId"));
                String reason = event.text("reason");
                dispatcher.send(event, Channel.EMAIL, order.customerId(), contacts.email(order.customerId()),
                        "Your order " + order.orderId() + " was cancelled",
                        "We are sorry: your order " + order.orderId() + " over " + amount(order)
                                + " was cancelled. Reason: " + describe(reason) + " (" + reason + ").");
            }
            case PAYMENT_FAILED -> {
                // Only a declined card is the customer's to fix; an unavailable provider is told by the cancellation.
                if ("DECLINED".equals(event.text("reason"))) {
                    KnownOrder order = order(event.text("orderId"));
                    dispatcher.send(event, Channel.SMS, order.customerId(), contacts.phone(order.customerId()),
                            "Payment declined",
                            "axon-commerce: the payment of " + amount(order) + " for order " + order.orderId()
                                    + " was declined by your card issuer.");
                }
            }
            default -> {
                // every other event of these topics causes no notification
            }
        }
        history.markProcessed(event);
    }

    private void remember(CloudEvent event) {
        JsonNode total = event.data().get("total");
        if (total == null || !total.path("amount").isNumber() || !total.path("currency").isTextual()) {
            throw new PoisonRecordException(event.type() + " " + event.id() + " lacks total.amount/total.currency");
        }
        // A save by id: a redelivered OrderPlacedEvent writes the same document again.
        mongo.save(new KnownOrder(event.text("orderId"), event.text("customerId"), total.get("amount").decimalValue(),
                total.get("currency").asText()));
    }

    private KnownOrder order(String orderId) {
        KnownOrder order = mongo.findById(orderId, KnownOrder.class);
        if (order == null) {
            throw new OrderNotKnownException(orderId);
        }
        return order;
    }

    private static String amount(KnownOrder order) {
        BigDecimal total = order.total().setScale(2, java.math.RoundingMode.HALF_EVEN);
        return total.toPlainString() + " " + order.currency();
    }

    private static String describe(String reason) {
        return switch (reason) {
            case "OUT_OF_STOCK" -> "an item is out of stock";
            case "PAYMENT_DECLINED" -> "the payment was declined";
            case "PAYMENT_UNAVAILABLE" -> "the payment service was unavailable";
            case "TIMEOUT" -> "the order could not be completed in time";
            case "CUSTOMER_REQUEST" -> "you asked us to cancel it";
            default -> reason.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
