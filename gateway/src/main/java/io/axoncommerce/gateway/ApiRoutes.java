package io.axoncommerce.gateway;

import static io.axoncommerce.gateway.ServiceUris.required;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.DELETE;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.POST;
import static org.springframework.web.servlet.function.RequestPredicates.PUT;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The API's routing table, the only thing the gateway publishes in production. Commands and queries share URLs
 * ({@code POST /api/products} creates, {@code GET /api/products} searches), so the method decides between the command
 * side and the query side. The development-only routes (payment simulator, the services' actuators) are in
 * {@link LocalRoutes}.
 */
@Configuration(proxyBeanMethods = false)
public class ApiRoutes {

    @Bean
    RouterFunction<ServerResponse> commandSideRoutes(ServiceUris services) {
        RequestPredicate writes = POST("/api/products").or(PUT("/api/products/**")).or(DELETE("/api/products/**"))
                .or(POST("/api/products/*/stock"))
                .or(POST("/api/orders")).or(POST("/api/orders/*/cancel"));
        return route("command-side").route(writes, http()).before(uri(required(services.commandSide(), "command-side")))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> querySideRoutes(ServiceUris services) {
        RequestPredicate reads = GET("/api/products/**").or(GET("/api/orders/**")).or(GET("/api/inventory/**"))
                .or(path("/api/admin/processors/**"));
        return route("query-side").route(reads, http()).before(uri(required(services.querySide(), "query-side")))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> kafkaBridgeRoutes(ServiceUris services) {
        return route("kafka-bridge").route(path("/api/kafka-bridge/**"), http())
                .before(uri(required(services.kafkaBridge(), "kafka-bridge"))).build();
    }

    @Bean
    RouterFunction<ServerResponse> notificationRoutes(ServiceUris services) {
        return route("notification-projector").route(path("/api/notifications/**"), http())
                .before(uri(required(services.notificationProjector(), "notification-projector"))).build();
    }
}
