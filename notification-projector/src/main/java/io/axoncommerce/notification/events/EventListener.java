package io.axoncommerce.notification.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.notification.order.OrderNotifications;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The consumer group on the bridge's order and payment topics. The container acknowledges each record after this
 * method returned (ack mode RECORD), i.e. after its notifications were sent and recorded; an exception leaves the
 * offset where it is for the error handler (retry, then dead-letter topic).
 */
@Component
public class EventListener {

    private final OrderNotifications notifications;
    private final ObjectMapper json;

    public EventListener(OrderNotifications notifications, ObjectMapper json) {
        this.notifications = notifications;
        this.json = json;
    }

    @KafkaListener(id = "notification-projector", groupId = "${spring.kafka.consumer.group-id:notification-projector}",
            topics = {"${notification-projector.topics.orders:axon-commerce.orders}",
                    "${notification-projector.topics.payments:axon-commerce.payments}"})
    public void on(ConsumerRecord<String, byte[]> record) {
        notifications.handle(CloudEvent.from(record, json));
    }
}
