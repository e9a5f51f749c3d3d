package io.axoncommerce.embedded.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.mongodb.client.MongoClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.axoncommerce.embedded.elasticsearch.EmbeddedElasticsearch;
import io.axoncommerce.embedded.kafka.EmbeddedKafka;
import io.axoncommerce.embedded.mongo.EmbeddedMongo;
import io.axoncommerce.embedded.support.Shared;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application with the MongoDB, Elasticsearch and Kafka client libraries and no connection properties:
 * Boot's own clients must end up talking to the embedded servers.
 */
@SpringBootTest(classes = EmbeddedInfrastructureAutoConfigurationIT.App.class, properties = {
        "axon-commerce.embedded.elasticsearch.heap=256m",
        "axon-commerce.embedded.elasticsearch.jvm-options=-XX:+UseSerialGC,-XX:TieredStopAtLevel=1",
        "spring.data.mongodb.database=shop"})
class EmbeddedInfrastructureAutoConfigurationIT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    record Note(String id, String text) {
    }

    @Autowired
    Shared<EmbeddedMongo> embeddedMongo;
    @Autowired
    Shared<EmbeddedElasticsearch> embeddedElasticsearch;
    @Autowired
    Shared<EmbeddedKafka> embeddedKafka;

    @Autowired
    MongoTemplate mongoTemplate;
    @Autowired
    MongoClient mongoClient;
    @Autowired
    ElasticsearchClient elasticsearchClient;
    @Autowired
    org.elasticsearch.client.RestClient restClient;
    @Autowired
    KafkaTemplate<Object, Object> kafkaTemplate;
    @Autowired
    ConsumerFactory<Object, Object> consumerFactory;

    @Test
    void bootsMongoClientUsesTheEmbeddedServer() {
        mongoTemplate.insert(new Note("n-1", "hello"), "notes");

        assertThat(mongoTemplate.findById("n-1", Note.class, "notes")).isEqualTo(new Note("n-1", "hello"));
        assertThat(mongoClient.getClusterDescription().getClusterSettings().getHosts())
                .extracting(address -> address.getHost() + ":" + address.getPort())
                .containsExactly("127.0.0.1:" + embeddedMongo.get().port());
        // seen through a client of our own, straight at the embedded port
        try (MongoClient direct = com.mongodb.client.MongoClients.create(embeddedMongo.get().connectionString())) {
            assertThat(direct.getDatabase("shop").getCollection("notes").find().first())
                    .isEqualTo(new Document("_id", "n-1").append("text", "hello")
                            .append("_class", Note.class.getName()));
        }
    }

    @Test
    void bootsElasticsearchClientUsesTheEmbeddedNode() throws Exception {
        assertThat(elasticsearchClient.cluster().health().status()).isIn(HealthStatus.Green, HealthStatus.Yellow);
        elasticsearchClient.index(i -> i.index("notes").id("n-1").document(Map.of("text", "hello embedded"))
                .refresh(Refresh.True));

        long hits = elasticsearchClient.count(c -> c.index("notes").query(q -> q.match(m -> m.field("text").query("embedded")))).count();
        assertThat(hits).isEqualTo(1);
        // nodes.info() is not used here: the 8.18 client cannot decode a 9.5 node's answer (see README)
        assertThat(restClient.getNodes()).singleElement().satisfies(node ->
                assertThat(node.getHost().toURI()).isEqualTo(embeddedElasticsearch.get().uri().toString()));
    }

    @Test
    void bootsKafkaTemplateUsesTheEmbeddedBroker() throws Exception {
        kafkaTemplate.send("notes", "n-1", "hello kafka").get();

        assertThat(kafkaTemplate.getProducerFactory().getConfigurationProperties().get("bootstrap.servers"))
                .isEqualTo(List.of(embeddedKafka.get().bootstrapServers()));
        List<ConsumerRecord<Object, Object>> received = new ArrayList<>();
        try (Consumer<Object, Object> consumer = consumerFactory.createConsumer("autoconfig-test", null, null,
                java.util.Properties.class.cast(props(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))))) {
            consumer.subscribe(List.of("notes"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("n-1");
            assertThat(r.value()).isEqualTo("hello kafka");
        });
    }

    private static java.util.Properties props(Map<String, String> values) {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(values);
        return properties;
    }
}
