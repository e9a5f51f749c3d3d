package io.axoncommerce.query.config;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The read side's own MongoDB database. Wrapped rather than exposed as a {@code MongoTemplate} bean so that, composed
 * into one Spring context with other modules (the launcher), it neither replaces Boot's template nor clashes with it.
 */
public record QueryDatabase(MongoTemplate template) {
}
