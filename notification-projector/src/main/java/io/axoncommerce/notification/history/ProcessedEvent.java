package io.axoncommerce.notification.history;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** An event fully handled (all its notifications sent and recorded); keyed by the CloudEvents id. */
@Document("processed_events")
public record ProcessedEvent(@Id String eventId, String type, Instant processedAt) {
}
