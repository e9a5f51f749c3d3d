package io.axoncommerce.embedded.mongo;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.autoconfigure.mongo.MongoReactiveAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.axoncommerce.embedded.autoconfigure.EmbeddedInfrastructureProperties;
import io.axoncommerce.embedded.support.ConditionalOnPropertyAbsent;
import io.axoncommerce.embedded.support.Shared;

/**
 * Starts the MongoDB stand-in when the application uses the MongoDB driver and {@code spring.data.mongodb.uri} is not
 * set, and hands it to Boot's Mongo auto-configuration as {@link MongoConnectionDetails}.
 */
@AutoConfiguration(before = {MongoAutoConfiguration.class, MongoReactiveAutoConfiguration.class, MongoDataAutoConfiguration.class})
@ConditionalOnClass({ConnectionString.class, MongoServer.class})
@ConditionalOnProperty(prefix = "axon-commerce.embedded.mongo", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnPropertyAbsent({"spring.data.mongodb.uri", "spring.data.mongodb.host"})
@ConditionalOnMissingBean(MongoConnectionDetails.class)
@EnableConfigurationProperties(EmbeddedInfrastructureProperties.class)
public class EmbeddedMongoAutoConfiguration {

    static final String KIND = "mongo";

    @Bean(destroyMethod = "close")
    Shared<EmbeddedMongo> embeddedMongo(EmbeddedInfrastructureProperties properties) {
        EmbeddedInfrastructureProperties.Mongo mongo = properties.getMongo();
        var dataDir = properties.dataDirOf(mongo, "mongo");
        return Shared.acquire(KIND, dataDir, mongo.getPort(), EmbeddedMongo::port,
                () -> EmbeddedMongo.builder().shutdownHook(false).port(mongo.getPort()).dataDirectory(dataDir).start());
    }

    @Bean
    MongoConnectionDetails embeddedMongoConnectionDetails(Shared<EmbeddedMongo> embeddedMongo) {
        ConnectionString connectionString = new ConnectionString(embeddedMongo.get().connectionString());
        return () -> connectionString;
    }
}
