package io.axoncommerce.notification.order;

import java.math.BigDecimal;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** What this projector learned from an OrderPlacedEvent: whom to notify about the order later. */
@Document("known_orders")
public record KnownOrder(@Id String orderId, String customerId, BigDecimal total, String currency) {
}
