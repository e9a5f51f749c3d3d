package io.axoncommerce.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The read side on its own: projections into MongoDB and Elasticsearch, query handlers, the query REST API and the
 * replay admin API. Without {@code spring.data.mongodb.uri} / {@code spring.elasticsearch.uris} the embedded MongoDB
 * stand-in and Elasticsearch node start (embedded-infrastructure). Axon's update checker is switched off by
 * service-support's {@code AxonUpdateCheckerSwitch}.
 */
@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
