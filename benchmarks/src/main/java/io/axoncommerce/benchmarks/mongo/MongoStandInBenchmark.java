package io.axoncommerce.benchmarks.mongo;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.sun.management.OperatingSystemMXBean;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.axoncommerce.benchmarks.BenchmarkOptions;
import io.axoncommerce.embedded.mongo.EmbeddedMongo;
import org.bson.Document;
import org.springframework.util.FileSystemUtils;

/**
 * What committing every write costs the MongoDB stand-in: the embedded default's {@link EmbeddedMongo} on an H2 file
 * (a commit before each acknowledgement) against mongo-java-server's plain H2 backend (H2 commits in the background
 * about every second), alternating, in one JVM. Each writer inserts a document and updates a counter document, as a
 * projection writes a row and its token; CPU is this whole process's (client and server share it), per write.
 */
public final class MongoStandInBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkOptions.parse(args, new HashMap<>());
        int writes = Integer.parseInt(options.getOrDefault("writes", "5000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        List<Integer> writerCounts = List.of(options.getOrDefault("writers", "1,8").split(",")).stream()
                .map(Integer::parseInt).toList();
        System.out.printf("%-10s %7s %5s %12s %16s %10s%n", "backend", "writers", "round", "writes/s",
                "CPU µs/write", "file KB");
        for (int writers : writerCounts) {
            for (int round = 0; round < rounds; round++) {
                for (boolean committing : new boolean[]{false, true}) {
                    run(committing, writers, writes, round);
                }
            }
        }
    }

    private static void run(boolean committing, int writers, int writesEach, int round) throws Exception {
        Path dir = Files.createTempDirectory("mongo-stand-in-benchmark");
        EmbeddedMongo embedded = null;
        MongoServer plain = null;
        String uri;
        if (committing) {
            embedded = EmbeddedMongo.builder().dataDirectory(dir).start();
            uri = embedded.connectionString();
        } else {
            plain = new MongoServer(new H2Backend(dir.resolve(EmbeddedMongo.DATABASE_FILE).toString()));
            InetSocketAddress address = plain.bind();
            uri = "mongodb://127.0.0.1:" + address.getPort();
        }
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> rows = client.getDatabase("bench").getCollection("rows");
            rows.insertOne(new Document("_id", "warm-up")); // connections and the collection exist before the clock
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            AtomicLong next = new AtomicLong();
            String payload = "x".repeat(200);
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String counter = "counter-" + w;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        rows.insertOne(new Document("_id", next.getAndIncrement()).append("payload", payload));
                        rows.updateOne(Filters.eq("_id", counter), Updates.set("n", i),
                                new UpdateOptions().upsert(true));
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long total = 2L * writers * writesEach;
            System.out.printf("%-10s %7d %5d %12.0f %16.0f %10d%n", committing ? "committing" : "plain", writers,
                    round, total / seconds, (os.getProcessCpuTime() - cpu) / 1e3 / total,
                    Files.size(dir.resolve(EmbeddedMongo.DATABASE_FILE)) / 1024);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            if (plain != null) {
                plain.shutdownNow();
            }
            FileSystemUtils.deleteRecursively(dir);
        }
    }
}
