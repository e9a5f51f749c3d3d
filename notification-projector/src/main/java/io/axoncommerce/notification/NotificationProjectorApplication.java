package io.axoncommerce.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Sends notifications for the order and payment events it reads from Kafka (see README). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationProjectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationProjectorApplication.class, args);
    }
}
