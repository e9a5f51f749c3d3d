package io.axoncommerce.embedded.mongo;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * An application JVM that writes to the file-backed stand-in it hosts until it is killed: after each acknowledged
 * insert and update it prints {@code ACK <n>}, so the killer knows which writes were acknowledged.
 */
public final class MongoWriterMain {

    public static void main(String[] args) {
        EmbeddedMongo mongo = EmbeddedMongo.builder().dataDirectory(Path.of(args[0])).start();
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> writes = client.getDatabase("shop").getCollection("writes");
            for (long n = 0; ; n++) {
                writes.insertOne(new Document("_id", n));
                writes.updateOne(Filters.eq("_id", "last"), Updates.set("n", n), new UpdateOptions().upsert(true));
                System.out.println("ACK " + n);
            }
        }
    }
}
