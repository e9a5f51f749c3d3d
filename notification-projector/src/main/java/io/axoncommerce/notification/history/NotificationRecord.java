package io.axoncommerce.notification.history;

import java.time.Instant;

import io.axoncommerce.notification.channel.Channel;
import io.axoncommerce.notification.channel.Delivery;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One notification sent. The id is {@code <event id>:<channel>}, so MongoDB's unique {@code _id} index refuses a
 * second record of the same notification.
 */
@Document("notifications")
public record NotificationRecord(@Id String id, String eventId, String eventType, Channel channel,
                                 @Indexed String customerId, String orderId, String address, String subject,
                                 String body, Instant eventTime, Instant sentAt, Delivery delivery) {

    static String idOf(String eventId, Channel channel) {
        return eventId + ":" + channel;
    }
}
