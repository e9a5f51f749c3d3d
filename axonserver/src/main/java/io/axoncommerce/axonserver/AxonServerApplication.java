package io.axoncommerce.axonserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs axonserver standalone: {@code java -jar axonserver-<version>-exec.jar}. */
@SpringBootApplication
public class AxonServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(AxonServerApplication.class, args);
    }
}
