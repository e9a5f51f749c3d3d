package io.axoncommerce.embedded.kafka;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

import io.axoncommerce.embedded.autoconfigure.EmbeddedInfrastructureProperties;
import io.axoncommerce.embedded.support.ConditionalOnPropertyAbsent;
import io.axoncommerce.embedded.support.Shared;

/**
 * Starts a Kafka broker in this JVM when the application uses spring-kafka and {@code spring.kafka.bootstrap-servers}
 * is not set, and hands it to Boot's Kafka auto-configuration as {@link KafkaConnectionDetails}.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnProperty(prefix = "axon-commerce.embedded.kafka", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnPropertyAbsent("spring.kafka.bootstrap-servers")
@ConditionalOnMissingBean(KafkaConnectionDetails.class)
@EnableConfigurationProperties(EmbeddedInfrastructureProperties.class)
public class EmbeddedKafkaAutoConfiguration {

    static final String KIND = "kafka";

    @Bean(destroyMethod = "close")
    Shared<EmbeddedKafka> embeddedKafka(EmbeddedInfrastructureProperties properties) {
        EmbeddedInfrastructureProperties.Kafka kafka = properties.getKafka();
        var dataDir = properties.dataDirOf(kafka, "kafka");
        return Shared.acquire(KIND, dataDir, kafka.getPort(), EmbeddedKafka::port,
                () -> EmbeddedKafka.builder().shutdownHook(false)
                        .port(kafka.getPort())
                        .dataDirectory(dataDir)
                        .defaultPartitions(kafka.getDefaultPartitions())
                        .start());
    }

    @Bean
    KafkaConnectionDetails embeddedKafkaConnectionDetails(Shared<EmbeddedKafka> embeddedKafka) {
        List<String> bootstrapServers = List.of(embeddedKafka.get().bootstrapServers());
        return () -> bootstrapServers;
    }
}
