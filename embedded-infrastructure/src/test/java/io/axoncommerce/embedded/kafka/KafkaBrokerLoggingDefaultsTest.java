package io.axoncommerce.embedded.kafka;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerLoggingDefaultsTest {

    @Test
    void quietensTheBrokerButLetsTheApplicationDecide() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("logging.level.org.apache.kafka.controller", "DEBUG")));

        new KafkaBrokerLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.kafka")).isEqualTo("WARN");
        assertThat(environment.getProperty("logging.level.org.apache.kafka.raft")).isEqualTo("WARN");
        assertThat(environment.getProperty("logging.level.org.apache.kafka.controller")).isEqualTo("DEBUG");
        assertThat(environment.getProperty("logging.level.org.apache.kafka.clients")).isNull();
    }
}
