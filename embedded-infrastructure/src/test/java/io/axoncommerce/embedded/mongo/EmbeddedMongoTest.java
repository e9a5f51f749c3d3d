package io.axoncommerce.embedded.mongo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.axoncommerce.embedded.support.PortInUseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedMongoTest {

    @Test
    void memoryBackendServesTheMongoDriver() {
        try (EmbeddedMongo mongo = EmbeddedMongo.builder().start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            orders.createIndex(Indexes.ascending("orderId"), new IndexOptions().unique(true));
            orders.insertOne(new Document("orderId", "o-1").append("status", "PLACED").append("total", 30));
            orders.insertOne(new Document("orderId", "o-2").append("status", "PLACED").append("total", 12));
            orders.updateOne(Filters.eq("orderId", "o-1"), Updates.set("status", "CONFIRMED"));

            assertThat(orders.find(Filters.eq("status", "CONFIRMED")).first()).containsEntry("orderId", "o-1");
            assertThat(orders.countDocuments()).isEqualTo(2);
            assertThatThrownBy(() -> orders.insertOne(new Document("orderId", "o-2")))
                    .hasMessageContaining("duplicate key");
            assertThat(mongo.port()).isPositive();
        }
    }

    @Test
    void h2BackendKeepsDataAcrossAStopAndStart(@TempDir Path dataDirectory) {
        try (EmbeddedMongo mongo = EmbeddedMongo.builder().dataDirectory(dataDirectory).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> inventory = client.getDatabase("shop").getCollection("inventory");
            for (int i = 0; i < 100; i++) {
                inventory.insertOne(new Document("_id", "product-" + i).append("available", i));
            }
        }
        assertThat(Files.exists(dataDirectory.resolve(EmbeddedMongo.DATABASE_FILE))).isTrue();

        try (EmbeddedMongo mongo = EmbeddedMongo.builder().dataDirectory(dataDirectory).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> inventory = client.getDatabase("shop").getCollection("inventory");
            assertThat(inventory.countDocuments()).isEqualTo(100);
            assertThat(inventory.find(Filters.eq("_id", "product-42")).first()).containsEntry("available", 42);
            List<String> databases = client.listDatabaseNames().into(new ArrayList<>());
            assertThat(databases).contains("shop");
        }
    }

    @Test
    void aChosenPortInUseIsReportedWithThePortAndTheProperty() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedMongo.builder().port(port).portProperty("my.mongo.port").start())
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("my.mongo.port");
        }
    }
}
