package io.axoncommerce.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The write side on its own: aggregates, their command handlers and the command REST API. Axon's update checker is
 * switched off by service-support's {@code AxonUpdateCheckerSwitch}.
 */
@SpringBootApplication
public class CommandSideApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
