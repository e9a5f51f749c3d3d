package io.axoncommerce.notification.history;

import java.time.Instant;

import io.axoncommerce.notification.channel.Channel;
import io.axoncommerce.notification.channel.Delivery;

public record NotificationView(String eventId, String eventType, Channel channel, String customerId, String orderId,
                               String address, String subject, String body, Instant eventTime, Instant sentAt,
                               Delivery delivery) {

    static NotificationView of(NotificationRecord record) {
        return new NotificationView(record.eventId(), record.eventType(), record.channel(), record.customerId(),
                record.orderId(), record.address(), record.subject(), record.body(), record.eventTime(),
                record.sentAt(), record.delivery());
    }
}
