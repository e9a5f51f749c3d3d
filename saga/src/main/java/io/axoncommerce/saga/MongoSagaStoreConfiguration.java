package io.axoncommerce.saga;

import com.mongodb.client.MongoClient;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sagas and the saga processor's tokens live in MongoDB. Built by hand from axon-mongo (its Spring Boot starter is
 * not served at our version, and its older one insists on a Mongo transaction manager, which the embedded
 * mongo-java-server cannot provide). No transactions: a saga and its token are written separately, the token last
 * ({@link TokenAfterSagaStore}), so after a crash between the two an event is handled twice, never lost; the saga's
 * handlers are idempotent for that reason.
 */
@Configuration(proxyBeanMethods = false)
public class MongoSagaStoreConfiguration {

    @Bean
    MongoTemplate axonMongoTemplate(MongoClient mongoClient,
                                    @Value("${saga.mongo.database:axoncommerce_saga}") String database) {
        return DefaultMongoTemplate.builder().mongoDatabase(mongoClient, database).build();
    }

    @Bean
    SagaStore<Object> sagaStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return MongoSagaStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
    }

    @Bean
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return new TokenAfterSagaStore(
                MongoTokenStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build());
    }
}
