package io.axoncommerce.saga;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SagaApplication {

    public static void main(String[] args) {
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            // No network here, and we don't report usage anyway (see README).
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(SagaApplication.class, args);
    }
}
