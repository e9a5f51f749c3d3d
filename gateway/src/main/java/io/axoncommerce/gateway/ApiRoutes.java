package io.axoncommerce.gateway;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.DELETE;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.POST;
import static org.springframework.web.servlet.function.RequestPredicates.PUT;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The API's routing table. Commands and queries share URLs ({@code POST /api/products} creates,
 * {@code GET /api/products} searches), so the method decides between the command side and the query side.
 * A service's actuator is reachable under {@code /services/<service>/actuator/**} so health and metrics of every
 * service are visible through the one base URL.
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
    RouterFunction<ServerResponse> paymentSimulatorRoutes(ServiceUris services) {
        return route("payment-simulator").route(path("/simulator/payments/**"), http())
                .before(uri(required(services.paymentAdapter(), "payment-adapter"))).build();
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

    @Bean
    RouterFunction<ServerResponse> actuatorRoutes(ServiceUris services) {
        return actuator("command-side", services.commandSide())
                .and(actuator("query-side", services.querySide()))
                .and(actuator("payment-adapter", services.paymentAdapter()))
                .and(actuator("kafka-bridge", services.kafkaBridge()))
                .and(actuator("notification-projector", services.notificationProjector()))
                .and(actuator("saga", services.saga()));
    }

    private static RouterFunction<ServerResponse> actuator(String service, URI base) {
        return route(service + "-actuator").route(path("/services/" + service + "/actuator/**"), http())
                .before(uri(required(base, service))).before(stripPrefix(2)).build();
    }

    private static URI required(URI uri, String service) {
        if (uri == null) {
            throw new IllegalStateException("gateway.services." + service + " is not set: the gateway needs the base "
                    + "URI of every service (e.g. http://localhost:8081)");
        }
        return uri;
    }
}
