package io.axoncommerce.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ObservabilityTest {

    @Test
    void axonSpansAreBuiltOnSpringsOpenTelemetry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AxonTracingAutoConfiguration.class))
                .withBean(OpenTelemetry.class, OpenTelemetry::noop)
                .run(context -> assertThat(context).getBean(SpanFactory.class)
                        .isInstanceOf(OpenTelemetrySpanFactory.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AxonTracingAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(SpanFactory.class));
    }

    @Test
    void correlationIdIsInTheMdcWhileTheMessageIsHandled() throws Exception {
        Message<?> message = new GenericMessage<>("payload", MetaData.from(Map.of("correlationId", "order-command-1")));
        AtomicReference<String> seen = new AtomicReference<>();
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        try {
            new CorrelationIdLogging().handle(unitOfWork, () -> {
                seen.set(MDC.get(CorrelationIdLogging.MDC_KEY));
                return null;
            });
        } finally {
            unitOfWork.commit();
        }
        assertThat(seen.get()).isEqualTo("order-command-1");
        assertThat(MDC.get(CorrelationIdLogging.MDC_KEY)).isNull();
    }

    @Test
    void defaultsYieldToTheServicesOwnSettings() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("management.tracing.sampling.probability", "0.1", "spring.application.name", "saga")));
        new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
        assertThat(environment.getProperty("spring.kafka.template.observation-enabled")).isEqualTo("true");
        assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("saga");
    }
}
