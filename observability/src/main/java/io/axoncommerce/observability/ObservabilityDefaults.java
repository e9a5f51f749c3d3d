package io.axoncommerce.observability;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The observability settings every service shares, as defaults: anything in a service's application.yml, the
 * command line or the environment wins.
 * <ul>
 *   <li>HTTP server latency as a histogram (Prometheus {@code _bucket} series);</li>
 *   <li>every request traced ({@code management.tracing.sampling.probability=1.0}): the system's volume is small and a
 *   trace is what explains one order; production lowers it with MANAGEMENT_TRACING_SAMPLING_PROBABILITY;</li>
 *   <li>no span export unless {@code management.otlp.tracing.endpoint} is set (docker-compose points it at Jaeger):
 *   the trace and span ids still reach the logs;</li>
 *   <li>Kafka records carry the trace ({@code spring.kafka.template/listener.observation-enabled});</li>
 *   <li>Axon event processors continue the publisher's trace rather than starting one per event;</li>
 *   <li>the human-readable console line names the service, trace, span and Axon correlation id; structured JSON
 *   (ECS) is one property away: {@code logging.structured.format.console=ecs}
 *   (LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs).</li>
 * </ul>
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "axonCommerceObservabilityDefaults";

    static final Map<String, Object> DEFAULTS = Map.of(
            "management.tracing.sampling.probability", "1.0",
            "management.metrics.tags.application", "${spring.application.name:unknown}",
            // buckets, so dashboards can take any percentile of request latency across instances
            "management.metrics.distribution.percentiles-histogram.http.server.requests", "true",
            "spring.kafka.template.observation-enabled", "true",
            "spring.kafka.listener.observation-enabled", "true",
            "axon.tracing.event-processor.distributed-in-same-trace", "true",
            "logging.pattern.correlation",
            "[${spring.application.name:},%X{traceId:-},%X{spanId:-},%X{" + CorrelationIdLogging.MDC_KEY + ":-}] ");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, DEFAULTS));
        }
    }
}
