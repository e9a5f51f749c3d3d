package io.axoncommerce.bridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Publishes every event of the event store to Kafka (see README). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KafkaBridgeApplication {

    public static void main(String[] args) {
        // No network here: Axon's update checker would only log failures. An explicit setting still wins.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(KafkaBridgeApplication.class, args);
    }
}
