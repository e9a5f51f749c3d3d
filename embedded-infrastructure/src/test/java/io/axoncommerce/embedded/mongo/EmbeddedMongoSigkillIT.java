package io.axoncommerce.embedded.mongo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write the file-backed stand-in acknowledged survives a SIGKILL of the JVM that hosts it, as a MongoDB server's
 * journaled write does: the services (a notification recorded, its Kafka offset committed afterwards) rely on it.
 */
class EmbeddedMongoSigkillIT {

    /** Well past the H2 store's own background commit (every second), so writes it had not committed yet exist. */
    private static final long ACKNOWLEDGED_BEFORE_THE_KILL = 3_000;

    @Test
    void everyAcknowledgedWriteSurvivesAKillOfItsJvm(@TempDir Path dataDirectory) throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MongoWriterMain.class.getName(),
                dataDirectory.toString()).redirectErrorStream(true).start();
        long acknowledged = -1;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(writer.getInputStream()))) {
            for (String line; (line = output.readLine()) != null; ) {
                if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4));
                    if (acknowledged == ACKNOWLEDGED_BEFORE_THE_KILL) {
                        // SIGKILL: no shutdown hook, no close of the H2 file. Through the handle, which leaves the output
                        // open: the lines the writer printed before it died are read to the end.
                        writer.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            writer.destroyForcibly();
        }
        writer.waitFor();
        assertThat(acknowledged).as("writes acknowledged before the kill").isGreaterThanOrEqualTo(
                ACKNOWLEDGED_BEFORE_THE_KILL);

        try (EmbeddedMongo mongo = EmbeddedMongo.builder().dataDirectory(dataDirectory).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> writes = client.getDatabase("shop").getCollection("writes");
            long kept = writes.countDocuments(Filters.and(Filters.type("_id", "long"),
                    Filters.lte("_id", acknowledged)));
            assertThat(kept).as("acknowledged inserts 0..%d kept", acknowledged).isEqualTo(acknowledged + 1);
            assertThat(writes.find(Filters.eq("_id", "last")).first().getLong("n"))
                    .as("the last acknowledged update kept").isGreaterThanOrEqualTo(acknowledged);
        }
    }
}
