package io.axoncommerce.query.config;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The read side's own MongoDB database. Wrapped rather than exposed as a {@code MongoTemplate} bean so that it neither
 * replaces Spring Boot's auto-configured template nor makes a second candidate wherever a template is injected.
 */
public record QueryDatabase(MongoTemplate template) {
}
