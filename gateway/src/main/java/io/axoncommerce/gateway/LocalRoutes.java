package io.axoncommerce.gateway;

import static io.axoncommerce.gateway.ServiceUris.required;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Routes for a developer's machine only (the {@code local} profile, which the launcher activates and docker-compose
 * does not): the payment provider simulator with its admin switches (outages, refunds), and every service's actuator
 * under {@code /services/<service>/actuator/**}, so health and metrics are one base URL away. Published on a
 * production gateway they would let anyone who reaches it switch the simulated provider off and read the services'
 * internals; without this profile these paths answer 404 and the payment adapter's and saga's URIs are not needed.
 * The services still check the caller: their actuator needs the {@code admin} role beyond health and Prometheus.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
public class LocalRoutes {

    @Bean
    RouterFunction<ServerResponse> paymentSimulatorRoutes(ServiceUris services) {
        return route("payment-simulator").route(path("/simulator/payments/**"), http())
                .before(uri(required(services.paymentAdapter(), "payment-adapter"))).build();
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
}
