package io.axoncommerce.axonserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs axonserver standalone: {@code java -jar axonserver-<version>-exec.jar}. Same properties as Axon Server
 * ({@code server.port} 8024, {@code axoniq.axonserver.port} 8124, ...); see the module README.
 */
@SpringBootApplication
public class AxonServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(AxonServerApplication.class, args);
    }
}
