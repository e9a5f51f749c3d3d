package io.axoncommerce.query.metrics;

import java.time.Duration;

import io.axoncommerce.query.config.QueryDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.Registration;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read side's business metrics: search latency, orders in flight, stock levels. */
@Configuration(proxyBeanMethods = false)
public class QuerySideMetricsConfiguration {

    @Bean
    SearchLatencyMetrics querySideSearchLatencyMetrics(MeterRegistry registry) {
        return new SearchLatencyMetrics(registry);
    }

    @Bean
    QueryInterceptorRegistration querySideSearchLatencyRegistration(QueryBus queryBus, SearchLatencyMetrics metrics) {
        return new QueryInterceptorRegistration(queryBus.registerHandlerInterceptor(metrics));
    }

    @Bean
    ReadModelGauges querySideReadModelGauges(QueryDatabase database, MeterRegistry registry,
                                             @Value("${query-side.metrics.stock-products:50}") int stockProducts,
                                             @Value("${query-side.metrics.refresh-interval:15s}") Duration interval) {
        return new ReadModelGauges(database, registry, stockProducts, interval);
    }

    /** Holds the registration so that closing the context removes the interceptor. */
    record QueryInterceptorRegistration(Registration registration) implements DisposableBean {
        @Override
        public void destroy() {
            registration.cancel();
        }
    }
}
