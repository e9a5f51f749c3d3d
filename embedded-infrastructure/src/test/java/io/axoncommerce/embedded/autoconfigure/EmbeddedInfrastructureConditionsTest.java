package io.axoncommerce.embedded.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchConnectionDetails;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.FilteredClassLoader;

import io.axoncommerce.embedded.elasticsearch.EmbeddedElasticsearchAutoConfiguration;
import io.axoncommerce.embedded.kafka.EmbeddedKafkaAutoConfiguration;
import io.axoncommerce.embedded.mongo.EmbeddedMongo;
import io.axoncommerce.embedded.mongo.EmbeddedMongoAutoConfiguration;
import io.axoncommerce.embedded.support.Shared;

import static org.assertj.core.api.Assertions.assertThat;

/** When each embedded server starts and when it must not: production URIs set, switched off, client missing, shared. */
class EmbeddedInfrastructureConditionsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            EmbeddedMongoAutoConfiguration.class, EmbeddedElasticsearchAutoConfiguration.class,
            EmbeddedKafkaAutoConfiguration.class, MongoAutoConfiguration.class,
            ElasticsearchRestClientAutoConfiguration.class, KafkaAutoConfiguration.class));

    @Test
    void nothingEmbeddedStartsWhenProductionConnectionsAreConfigured() {
        runner.withPropertyValues(
                        "spring.data.mongodb.uri=mongodb://mongo.example:27017/shop",
                        "spring.elasticsearch.uris=http://search.example:9200",
                        "spring.kafka.bootstrap-servers=kafka.example:9092")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(Shared.class);
                    assertThat(context.getBean(MongoConnectionDetails.class).getConnectionString().getHosts())
                            .containsExactly("mongo.example:27017");
                    assertThat(context.getBean(ElasticsearchConnectionDetails.class).getNodes())
                            .singleElement().satisfies(node -> assertThat(node.hostname()).isEqualTo("search.example"));
                    assertThat(context.getBean(KafkaConnectionDetails.class).getBootstrapServers())
                            .containsExactly("kafka.example:9092");
                });
    }

    @Test
    void switchedOffServersDoNotStart() {
        runner.withPropertyValues("axon-commerce.embedded.mongo.enabled=false",
                        "axon-commerce.embedded.elasticsearch.enabled=false",
                        "axon-commerce.embedded.kafka.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Shared.class));
    }

    @Test
    void onlyTheServersWhoseClientIsOnTheClassPathStart() {
        // a module that uses MongoDB only: no Elasticsearch node, no Kafka broker
        runner.withClassLoader(new FilteredClassLoader("org.elasticsearch.client", "org.springframework.kafka"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(Shared.class)).hasSize(1);
                    assertThat(context.getBean(Shared.class).get()).isInstanceOf(EmbeddedMongo.class);
                });
    }

    @Test
    void contextsInOneJvmShareOneServerUntilTheLastCloses() {
        ApplicationContextRunner mongoOnly = runner.withClassLoader(
                new FilteredClassLoader("org.elasticsearch.client", "org.springframework.kafka"));
        mongoOnly.run(first -> mongoOnly.run(second -> {
            EmbeddedMongo a = (EmbeddedMongo) first.getBean(Shared.class).get();
            EmbeddedMongo b = (EmbeddedMongo) second.getBean(Shared.class).get();
            assertThat(b).isSameAs(a);
            assertThat(Shared.leases("mongo", null)).isEqualTo(2);
            second.close();
            assertThat(a.isRunning()).as("still used by the first context").isTrue();
            first.close();
            assertThat(a.isRunning()).as("stopped with the last context").isFalse();
        }));
        assertThat(Shared.leases("mongo", null)).isZero();
    }
}
