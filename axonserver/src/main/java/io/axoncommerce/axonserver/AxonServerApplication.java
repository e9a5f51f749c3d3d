package io.axoncommerce.axonserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Map;

/**
 * Runs axonserver standalone: {@code java -jar axonserver-<version>-exec.jar}. Same properties as Axon Server
 * ({@code server.port} 8024, {@code axoniq.axonserver.port} 8124, ...); see the module README.
 */
@SpringBootApplication
public class AxonServerApplication {

    /**
     * Defaults of the standalone server. They are set here rather than in an {@code application.properties}: this
     * module's plain jar is a dependency of other applications, whose configuration such a file would override.
     * Everything here yields to the command line, the environment and any configuration file.
     */
    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.application.name", "axonserver",
            "server.port", "8024",
            "management.endpoints.web.exposure.include", "health,info,prometheus",
            "management.endpoint.health.show-details", "always",
            "management.metrics.tags.application", "axonserver");

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AxonServerApplication.class);
        application.setDefaultProperties(DEFAULTS);
        application.run(args);
    }
}
