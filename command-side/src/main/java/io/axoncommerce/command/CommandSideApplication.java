package io.axoncommerce.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The write side on its own: aggregates, their command handlers and the command REST API. */
@SpringBootApplication
public class CommandSideApplication {

    public static void main(String[] args) {
        // Axon 4.13 reports usage data to AxonIQ; off unless someone explicitly turns it on.
        if (System.getProperty("axoniq.update-checker.disabled") == null
                && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
