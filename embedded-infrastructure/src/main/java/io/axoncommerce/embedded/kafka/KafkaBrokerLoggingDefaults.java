package io.axoncommerce.embedded.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded broker runs in the application's JVM and logs every partition, segment and controller event at INFO.
 * This sets the broker-side loggers to WARN as the lowest-precedence default (any {@code logging.level.*} the
 * application sets wins); Kafka client loggers are left alone.
 */
public class KafkaBrokerLoggingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "axon-commerce-embedded-kafka-logging";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        Map<String, Object> levels = new LinkedHashMap<>();
        for (String logger : new String[]{"kafka", "state.change.logger", "org.apache.kafka.server",
                "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.metadata",
                "org.apache.kafka.image", "org.apache.kafka.storage", "org.apache.kafka.queue",
                "org.apache.kafka.coordinator", "org.apache.kafka.snapshot", "org.apache.zookeeper"}) {
            levels.put("logging.level." + logger, "WARN");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, levels));
    }
}
