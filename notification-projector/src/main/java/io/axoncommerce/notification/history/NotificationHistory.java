package io.axoncommerce.notification.history;

import java.time.Instant;
import java.util.List;

import io.axoncommerce.notification.channel.Channel;
import io.axoncommerce.notification.channel.Delivery;
import io.axoncommerce.notification.events.CloudEvent;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The notification history and the de-duplication markers in MongoDB. Both rely on the unique {@code _id} index
 * only (mongo-java-server ignores non-unique secondary indexes), and inserts that hit it are treated as "already
 * there": a redelivered record changes nothing.
 */
@Component
public class NotificationHistory {

    private final MongoTemplate mongo;

    NotificationHistory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public boolean isProcessed(String eventId) {
        return existsById(eventId, ProcessedEvent.class);
    }

    public void markProcessed(CloudEvent event) {
        insertOnce(new ProcessedEvent(event.id(), event.type(), Instant.now()));
    }

    public boolean wasSent(String eventId, Channel channel) {
        return existsById(NotificationRecord.idOf(eventId, channel), NotificationRecord.class);
    }

    /**
     * A find by {@code _id}, not {@link MongoTemplate#exists}: that one counts ({@code countDocuments}, an aggregation),
     * and the MongoDB stand-in of the embedded default answers an aggregation by scanning the whole collection, so
     * every message cost time in proportion to all notifications ever sent (10 % of the one-JVM system's CPU after
     * 5,000 orders; BENCHMARKS.md). A find by id uses the {@code _id} index there as in MongoDB.
     */
    private boolean existsById(String id, Class<?> type) {
        Query byId = Query.query(Criteria.where("_id").is(id));
        byId.fields().include("_id");
        return mongo.findOne(byId, Document.class, mongo.getCollectionName(type)) != null;
    }

    public void recordSent(CloudEvent event, Channel channel, String customerId, String address, String subject,
                           String body, Delivery delivery) {
        String orderId = event.data().path("orderId").asText(null);
        insertOnce(new NotificationRecord(NotificationRecord.idOf(event.id(), channel), event.id(), event.type(),
                channel, customerId, orderId, address, subject, body, event.time(), Instant.now(), delivery));
    }

    /** Newest first. */
    public NotificationPage page(String customerId, int page, int size) {
        Query query = Query.query(Criteria.where("customerId").is(customerId));
        long total = mongo.count(query, NotificationRecord.class);
        List<NotificationView> content = mongo.find(query.with(PageRequest.of(page, size,
                        Sort.by(Sort.Order.desc("sentAt"), Sort.Order.asc("_id")))), NotificationRecord.class)
                .stream().map(NotificationView::of).toList();
        return new NotificationPage(content, page, size, total, (int) ((total + size - 1) / size));
    }

    private void insertOnce(Object document) {
        try {
            mongo.insert(document);
        } catch (DuplicateKeyException alreadyThere) {
            // recorded by an earlier delivery of the same record
        }
    }
}
