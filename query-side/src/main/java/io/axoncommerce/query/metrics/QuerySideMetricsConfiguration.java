package io.axoncommerce.query.metrics;

import java.time.Duration;

import io.axoncommerce.observability.InterceptorRegistration;
import io.axoncommerce.query.inventory.InventoryDocument;
import io.axoncommerce.query.order.OrderDocument;
import io.axoncommerce.query.projection.MongoReadModel;
import io.axoncommerce.support.deadletter.DeadLetterAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read side's business metrics: search latency, orders in flight, stock levels, dead letters. */
@Configuration(proxyBeanMethods = false)
public class QuerySideMetricsConfiguration {

    @Bean
    SearchLatencyMetrics querySideSearchLatencyMetrics(MeterRegistry registry) {
        return new SearchLatencyMetrics(registry);
    }

    @Bean
    InterceptorRegistration querySideSearchLatencyRegistration(QueryBus queryBus, SearchLatencyMetrics metrics) {
        return new InterceptorRegistration(queryBus.registerHandlerInterceptor(metrics));
    }

    @Bean
    DeadLetterGauges querySideDeadLetterGauges(DeadLetterAdmin deadLetters, MeterRegistry registry) {
        return new DeadLetterGauges(deadLetters, registry);
    }

    @Bean
    ReadModelGauges querySideReadModelGauges(MongoReadModel<OrderDocument> orders,
                                             MongoReadModel<InventoryDocument> inventory, MeterRegistry registry,
                                             @Value("${query-side.metrics.stock-products:50}") int stockProducts,
                                             @Value("${query-side.metrics.refresh-interval:15s}") Duration interval) {
        return new ReadModelGauges(orders, inventory, registry, stockProducts, interval);
    }
}
