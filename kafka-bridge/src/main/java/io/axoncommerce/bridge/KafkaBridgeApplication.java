package io.axoncommerce.bridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Publishes every event of the event store to Kafka (see README). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KafkaBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(KafkaBridgeApplication.class, args);
    }
}
