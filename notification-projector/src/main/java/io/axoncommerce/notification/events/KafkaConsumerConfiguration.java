package io.axoncommerce.notification.events;

import java.util.Optional;

import io.axoncommerce.notification.NotificationProjectorProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Failed records: retried with back-off in place (the offset is not committed meanwhile), then — or at once for a
 * {@link PoisonRecordException} — published to the dead-letter topic with the exception in Spring Kafka's
 * {@code kafka_dlt-exception-*} headers, after which the offset moves on and consumption continues.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProjectorProperties.class) // also when composed without the application class
public class KafkaConsumerConfiguration {

    @Bean
    DefaultErrorHandler notificationErrorHandler(KafkaOperations<Object, Object> kafka,
                                                 NotificationProjectorProperties properties) {
        // Partition -1: let the producer choose, so the dead-letter topic may have any partition count.
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(properties.deadLetterTopic(), -1));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.retry().maxRetries());
        backOff.setInitialInterval(properties.retry().initialInterval().toMillis());
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(PoisonRecordException.class);
        return handler;
    }

    @Bean
    NewTopic notificationDeadLetterTopic(NotificationProjectorProperties properties) {
        // The broker's default replication factor: production clusters have more than one broker.
        return new NewTopic(properties.deadLetterTopic(), Optional.of(1), Optional.empty());
    }
}
