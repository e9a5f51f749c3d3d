package io.axoncommerce.observability;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Axon's OpenTelemetry spans (command dispatch and handling, event publication and processing, saga invocations,
 * queries) on the same OpenTelemetry SDK as Spring's Micrometer Tracing: one exporter, one sampler, and Axon's spans
 * are parents and children of the HTTP, RestClient and Kafka spans. Axon's own auto-configuration would build its
 * factory on {@code GlobalOpenTelemetry}, which Spring Boot never sets, so its spans would go nowhere.
 * <p>
 * The factory carries the W3C {@code traceparent} in the messages' metadata, so a command sent through Axon Server
 * to another service, and an event read by another service's processor, continue the trace there.
 */
@AutoConfiguration(
        afterName = {"org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration"},
        beforeName = {"org.axonframework.springboot.autoconfig.OpenTelemetryAutoConfiguration",
                "org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration"})
@ConditionalOnClass({SpanFactory.class, OpenTelemetrySpanFactory.class, OpenTelemetry.class})
@ConditionalOnBean(OpenTelemetry.class)
public class AxonTracingAutoConfiguration {

    /** The instrumentation scope name Axon uses for its own spans. */
    static final String INSTRUMENTATION_SCOPE = "AxonFramework-OpenTelemetry";

    @Bean
    @ConditionalOnMissingBean(SpanFactory.class)
    public SpanFactory axonOpenTelemetrySpanFactory(OpenTelemetry openTelemetry) {
        return OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer(INSTRUMENTATION_SCOPE))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build();
    }
}
