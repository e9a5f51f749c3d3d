package io.axoncommerce.bridge.publishing;

import java.time.Duration;

import com.mongodb.client.MongoClient;
import io.axoncommerce.api.upcasting.CoreApiUpcasters;
import io.axoncommerce.bridge.deadletter.PoisonEventPolicy;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The bridge's processor: its token in MongoDB, poison events parked and every other handler error propagated (never
 * logged and skipped), the acknowledgement barrier around its handler, and the topics it writes to.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaBridgeProperties.class) // also when composed without KafkaBridgeApplication
public class KafkaBridgeConfiguration {

    @Bean
    MongoTemplate axonMongoTemplate(MongoClient mongoClient,
                                    @Value("${kafka-bridge.mongo.database:axoncommerce_kafka_bridge}") String database) {
        return DefaultMongoTemplate.builder().mongoDatabase(mongoClient, database).build();
    }

    /**
     * axon-mongo built by hand, without a transaction manager (the embedded mongo-java-server has none): the token is
     * a single-document write after Kafka acknowledged, so there is nothing else to make atomic. The claim outlives
     * the longest wait for acknowledgements so a second bridge instance never steals a segment mid-batch.
     */
    @Bean
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer, KafkaBridgeProperties properties) {
        return MongoTokenStore.builder()
                .mongoTemplate(axonMongoTemplate)
                .serializer(serializer)
                .claimTimeout(properties.ackTimeout().plus(Duration.ofSeconds(30)))
                .build();
    }

    @Bean
    CloudEventRecords cloudEventRecords(KafkaBridgeProperties properties, @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new CloudEventRecords(properties, eventSerializer);
    }

    /**
     * A poison event is parked in a sequenced dead-letter queue in MongoDB (axon-mongo's, collection
     * {@code deadletters} of the bridge's database), per aggregate id (the processor's default sequencing), as
     * {@link PoisonEventPolicy} decides; any other failure is propagated and the batch retried from the token. The
     * cache spares a queue lookup per event while nothing is parked. A replay keeps the parked letters.
     */
    @Bean
    ConfigurerModule kafkaBridgeProcessing(KafkaPublisher publisher, MongoTemplate axonMongoTemplate) {
        AcknowledgementBarrier barrier = new AcknowledgementBarrier(publisher);
        String group = KafkaPublisher.PROCESSING_GROUP;
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(group, config -> PropagatingErrorHandler.instance())
                .registerErrorHandler(group, config -> PropagatingErrorHandler.instance())
                .registerHandlerInterceptor(group, config -> barrier)
                .registerDeadLetterQueue(group, config -> MongoSequencedDeadLetterQueue.builder()
                        .processingGroup(group)
                        .mongoTemplate(axonMongoTemplate)
                        .serializer(config.serializer())
                        .build())
                .registerDeadLetterPolicy(group, config -> new PoisonEventPolicy())
                .registerDeadLetteringEventHandlerInvokerConfiguration(group,
                        (config, invoker) -> invoker.enableSequenceIdentifierCache()));
    }

    @Bean
    KafkaAdmin.NewTopics kafkaBridgeTopics(KafkaBridgeProperties properties) {
        return new KafkaAdmin.NewTopics(properties.allTopics().stream()
                .map(topic -> new NewTopic(topic, properties.partitions(), properties.replicationFactor()))
                .toArray(NewTopic[]::new));
    }

    /**
     * Old revisions of core-api's events, upcast as the bridge reads them: Kafka consumers get the current revision
     * (see docs/evolving-events.md).
     */
    @Bean
    EventUpcasterChain kafkaBridgeUpcasters() {
        return CoreApiUpcasters.chain();
    }
}
