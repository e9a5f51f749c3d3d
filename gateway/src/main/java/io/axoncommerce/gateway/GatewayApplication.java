package io.axoncommerce.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** One API base URL in front of the services: routes by path and method (see {@link ApiRoutes}). */
@SpringBootApplication
@EnableConfigurationProperties(ServiceUris.class)
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
