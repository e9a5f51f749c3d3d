package io.axoncommerce.benchmarks.readside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.benchmarks.ApiTokens;
import io.axoncommerce.benchmarks.BenchmarkOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.util.FileSystemUtils;

/**
 * Read side and Kafka bridge benchmark (issues 4 and 5).
 *
 * <p>Fills our Axon Server's event store (embedded in this JVM, gRPC on a free port) with {@code --events} realistic
 * events of {@code --products} products and their orders ({@link EventFill}), then:
 * <ol>
 *   <li><b>query side</b>: starts {@code query-side}'s executable jar in its own JVM against it (embedded MongoDB
 *   stand-in in that JVM, Elasticsearch node forked by it), as the launcher does; times its three processors from
 *   the first answer of the admin API until all are at the store's head (the initial build); measures the
 *   latency of a filtered full-text search through {@code GET /api/products} (REST, query bus, Axon Server, query
 *   handler, Elasticsearch); then replays all three projections through {@code POST /api/admin/processors/{name}/replay}
 *   and times until they are at the head again and the search alias has been swapped to the rebuilt index; searches
 *   again.</li>
 *   <li><b>Kafka bridge</b>: starts {@code kafka-bridge}'s executable jar (embedded Kafka broker and MongoDB in its
 *   JVM) and times from its first record on a topic until the topics' end offsets add up to every event of the
 *   store.</li>
 * </ol>
 * CPU per event is given per process ({@code /proc}) and thread group.
 *
 * <p>Usage: {@code java -Dloader.main=io.axoncommerce.benchmarks.readside.ReadSideBenchmark
 * -cp benchmarks/target/benchmarks.jar org.springframework.boot.loader.launch.PropertiesLauncher [--parts
 * query-side,kafka-bridge] [--events 1000000] [--products 100000] [--searches 5000] [--search-warmup 1000]
 * [--search-rate 40] [--replay true] [--service-heap 1g] [--es-heap 512m] [--timeout 3600] [--home .] [--dir /path]
 * [--query-side-args "--name=value ..."] [--kafka-bridge-args "--name=value ..."]}
 *
 * <p>{@code --dir} keeps the filled event store for the next run (only the store: each run starts the services with
 * empty read models, Kafka and token stores). {@code --home} is the repository root, where the services' jars are.
 */
public final class ReadSideBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * The services run with the {@code local} profile, as the launcher runs them, and without a gateway: tokens are
     * signed here with api-security's documented, non-secret local key ({@link ApiTokens#localKey}). The admin API
     * ({@code /api/admin/**}: processor status, replays) needs role {@code admin}; the product search is public.
     */
    private static final String ADMIN_TOKEN = ApiTokens.localKey().token("read-side-benchmark", "admin");
    private static final List<String> GROUPS = List.of("orders-projection", "inventory-projection",
            "product-search-projection");

    private final Map<String, String> options;
    private final long events;
    private final Path home;
    private final List<String> summary = new ArrayList<>();
    private EmbeddedAxonServer server;

    private ReadSideBenchmark(Map<String, String> options) {
        this.options = options;
        this.events = Long.parseLong(options.get("events"));
        this.home = Path.of(options.get("home")).toAbsolutePath().normalize();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("parts", "query-side,kafka-bridge");
        options.put("events", "1000000");
        options.put("products", "100000");
        options.put("searches", "5000");
        options.put("search-warmup", "1000");
        options.put("search-rate", "40");
        options.put("replay", "true");
        options.put("service-heap", "1g");
        options.put("es-heap", "512m");
        options.put("timeout", "3600");
        options.put("home", ".");
        BenchmarkOptions.parse(args, options);
        new ReadSideBenchmark(options).run();
    }

    private void run() throws Exception {
        Path base = options.containsKey("dir") ? Files.createDirectories(Path.of(options.get("dir")))
                : Files.createTempDirectory("read-side-benchmark");
        System.out.printf("Read side and Kafka bridge benchmark, %s, Java %s, %d CPUs, load average %s, data in %s%n",
                Instant.now(), Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage(), base);
        System.out.printf("Options %s%n", options);
        server = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(base.resolve("axonserver"))
                .build().start();
        try {
            fill();
            for (String part : options.get("parts").split(",")) {
                switch (part.trim()) {
                    case "query-side" -> querySide(base.resolve("query-side-run"));
                    case "kafka-bridge" -> kafkaBridge(base.resolve("kafka-bridge-run"));
                    default -> throw new IllegalArgumentException("Unknown part " + part);
                }
            }
        } finally {
            server.close();
            if (!options.containsKey("dir")) {
                FileSystemUtils.deleteRecursively(base);
            }
        }
        System.out.printf("%n== Summary (%d CPUs, load average now %s)%n", Runtime.getRuntime().availableProcessors(),
                loadAverage());
        summary.forEach(System.out::println);
    }

    private void fill() {
        long stored = server.storage().lastToken() + 1;
        if (stored == events) {
            System.out.printf("Event store already holds %,d events (kept from an earlier run)%n", stored);
            return;
        }
        if (stored != 0) {
            throw new IllegalStateException("The event store in --dir holds " + stored + " events, not " + events
                    + ": use another --dir");
        }
        long start = System.nanoTime();
        long appended = new EventFill(server.storage(), events, Integer.parseInt(options.get("products"))).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Filled the event store with %,d events in %.1f s (%,.0f events/s), load average %s%n",
                appended, seconds, appended / seconds, loadAverage());
    }

    // ------------------------------------------------------------------------------------------------ query side

    private void querySide(Path runDir) throws Exception {
        System.out.printf("%n== query side%n");
        int httpPort = ServiceJvm.freePort();
        int esPort = ServiceJvm.freePort();
        String baseUrl = "http://127.0.0.1:" + httpPort;
        String esUrl = "http://127.0.0.1:" + esPort;
        long headToken = events - 1;
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.get("timeout")));
        try (ServiceJvm service = ServiceJvm.start(home, "query-side", runDir,
                List.of("-Xms256m", "-Xmx" + options.get("service-heap")),
                serviceArgs("query-side-args", "--spring.profiles.active=local", "--server.port=" + httpPort,
                        "--axon.axonserver.servers=localhost:" + server.grpcPort(),
                        "--axon-commerce.embedded.elasticsearch.port=" + esPort,
                        "--axon-commerce.embedded.elasticsearch.heap=" + options.get("es-heap")))) {
            long started = System.nanoTime();
            while (status(baseUrl) == null) {
                service.requireAlive();
                if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("query side not answering after 5 minutes");
                }
                Thread.sleep(200);
            }
            System.out.printf("query side answers after %.1f s%n", (System.nanoTime() - started) / 1e9);
            Cpu cpu = Cpu.of(service.pid());
            long from = minPosition(status(baseUrl));
            long t0 = System.nanoTime();
            awaitCaughtUp(service, baseUrl, headToken, t0, timeoutNanos);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long processed = headToken - from;
            String line = "query side initial build (3 projections from an empty read side): %,d events in %.1f s = %,.0f events/s (load average %s)"
                    .formatted(processed, seconds, processed / seconds, loadAverage());
            report(line, cpu, processed);

            Thread.sleep(2000); // the live index refreshes every second
            search(baseUrl, "after the initial build");

            if (Boolean.parseBoolean(options.get("replay"))) {
                Set<String> indexBefore = aliasIndices(esUrl);
                cpu = Cpu.of(service.pid());
                t0 = System.nanoTime();
                for (String group : GROUPS) {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                    URI.create(baseUrl + "/api/admin/processors/" + group + "/replay"))
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("replay of " + group + ": " + response.statusCode() + " "
                                + response.body());
                    }
                }
                awaitCaughtUp(service, baseUrl, headToken, t0, timeoutNanos);
                double caughtUp = (System.nanoTime() - t0) / 1e9;
                while (aliasIndices(esUrl).equals(indexBefore)) {
                    service.requireAlive();
                    Thread.sleep(50);
                }
                seconds = (System.nanoTime() - t0) / 1e9;
                line = ("query side full replay via the admin API (3 projections, search into a new index): %,d events,"
                        + " %.1f s to the head, %.1f s to the alias swap = %,.0f events/s (load average %s)")
                        .formatted(events, caughtUp, seconds, events / seconds, loadAverage());
                report(line, cpu, events);
                Thread.sleep(2000);
                search(baseUrl, "after the replay");
            }
        }
    }

    /** The given service arguments and those of the option (space separated, e.g. "--a=1 --b=2"). */
    private List<String> serviceArgs(String option, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        String extra = options.getOrDefault(option, "").trim();
        if (!extra.isEmpty()) {
            all.addAll(List.of(extra.split("\\s+")));
        }
        return all;
    }

    private void awaitCaughtUp(ServiceJvm service, String baseUrl, long headToken, long t0, long timeoutNanos)
            throws Exception {
        long lastPrint = System.nanoTime();
        while (true) {
            service.requireAlive();
            JsonNode status = status(baseUrl);
            if (status != null && caughtUp(status, headToken)) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastPrint > TimeUnit.SECONDS.toNanos(10) && status != null) {
                lastPrint = now;
                System.out.printf("  %5.0f s: positions %s, load average %s%n", (now - t0) / 1e9,
                        positions(status), loadAverage());
            }
            if (now - t0 > timeoutNanos) {
                throw new IllegalStateException("not caught up after " + options.get("timeout") + " s: "
                        + positions(status));
            }
            Thread.sleep(100);
        }
    }

    private static boolean caughtUp(JsonNode status, long headToken) {
        if (status.size() < GROUPS.size()) {
            return false;
        }
        for (JsonNode processor : status) {
            if (!GROUPS.contains(processor.path("name").asText())) {
                continue;
            }
            if (processor.path("replaying").asBoolean() || processor.path("position").isNull()
                    || processor.path("position").asLong() < headToken
                    || processor.path("claimedSegments").asInt() != processor.path("segments").asInt()) {
                return false;
            }
        }
        return true;
    }

    private static long minPosition(JsonNode status) {
        long min = Long.MAX_VALUE;
        for (JsonNode processor : status) {
            if (GROUPS.contains(processor.path("name").asText())) {
                min = Math.min(min, processor.path("position").isNull() ? -1 : processor.path("position").asLong());
            }
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    private static String positions(JsonNode status) {
        if (status == null) {
            return "?";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode processor : status) {
            parts.add(processor.path("name").asText().replace("-projection", "") + "="
                    + processor.path("position").asText() + (processor.path("replaying").asBoolean() ? "(r)" : "")
                    + "/" + processor.path("claimedSegments").asText() + "seg");
        }
        return String.join(" ", parts);
    }

    private static JsonNode status(String baseUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/admin/processors"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                // not "still starting": waiting would only end in the start-up timeout
                throw new IllegalStateException("GET /api/admin/processors refused the admin token: "
                        + response.statusCode() + " " + response.body());
            }
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> aliasIndices(String esUrl) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(esUrl + "/_alias/products"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Set<String> indices = new java.util.TreeSet<>();
        if (response.statusCode() == 200) {
            JSON.readTree(response.body()).fieldNames().forEachRemaining(indices::add);
        }
        return indices;
    }

    /**
     * A typical shop search: one word of a product name, one category, a price range, only products in stock,
     * relevance order, first page of 20 (with the category and price facets the endpoint always computes). Word and
     * category vary per request. One client, one request at a time: the latency a user sees from the REST API.
     */
    private void search(String baseUrl, String when) throws Exception {
        int warmup = Integer.parseInt(options.get("search-warmup"));
        int count = Integer.parseInt(options.get("searches"));
        Random random = new Random(7);
        long[] nanos = new long[count];
        long hits = 0;
        int empty = 0;
        String example = null;
        long t0 = 0;
        // the query side limits searches to 50/s per client (api-security rate limit): one user, paced below it
        long intervalNanos = (long) (1e9 / Double.parseDouble(options.get("search-rate")));
        long next = System.nanoTime();
        for (int i = -warmup; i < count; i++) {
            if (i == 0) {
                t0 = System.nanoTime();
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next = Math.max(next + intervalNanos, System.nanoTime() - intervalNanos);
            int low = 5 * (1 + random.nextInt(10));
            String path = "/api/products?q=" + EventFill.NOUNS[random.nextInt(EventFill.NOUNS.length)]
                    + "&category=" + EventFill.CATEGORIES[random.nextInt(EventFill.CATEGORIES.length)]
                    + "&minPrice=" + low + "&maxPrice=" + (low + 100) + "&inStock=true&size=20";
            long start = System.nanoTime();
            // a bounded wait: an answer later than this is a failure, not a latency figure
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
            }
            if (i >= 0) {
                nanos[i] = took;
                long total = JSON.readTree(response.body()).path("total").asLong();
                hits += total;
                empty += total == 0 ? 1 : 0;
                example = example == null ? path : example;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(nanos);
        String line = ("search %s (%,d products; %,d searches after %,d warm-up, one client at %.0f/s): p50 %.1f ms,"
                + " p90 %.1f ms, p99 %.1f ms, max %.1f ms; %.0f matches on average, %d with none; e.g. %s"
                + " (load average %s)")
                .formatted(when, Long.parseLong(options.get("products")), count, warmup, count / seconds, pct(nanos, 50),
                        pct(nanos, 90), pct(nanos, 99), nanos[count - 1] / 1e6, (double) hits / count, empty, example,
                        loadAverage());
        System.out.println(line);
        summary.add(line);
    }

    private static double pct(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    // ------------------------------------------------------------------------------------------------ Kafka bridge

    private void kafkaBridge(Path runDir) throws Exception {
        System.out.printf("%n== Kafka bridge%n");
        int httpPort = ServiceJvm.freePort();
        int kafkaPort = ServiceJvm.freePort();
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.get("timeout")));
        try (ServiceJvm service = ServiceJvm.start(home, "kafka-bridge", runDir,
                List.of("-Xms256m", "-Xmx" + options.get("service-heap")),
                serviceArgs("kafka-bridge-args", "--spring.profiles.active=local", "--server.port=" + httpPort,
                        "--axon.axonserver.servers=localhost:" + server.grpcPort(),
                        "--axon-commerce.embedded.kafka.port=" + kafkaPort));
             Admin admin = Admin.create(adminProperties(kafkaPort))) {
            long started = System.nanoTime();
            long published = 0;
            long atStart = 0;
            Cpu cpu = null;
            long t0 = 0;
            long lastPrint = System.nanoTime();
            while (published < events) {
                service.requireAlive();
                published = publishedRecords(admin);
                long now = System.nanoTime();
                if (cpu == null && published > 0) {
                    cpu = Cpu.of(service.pid());
                    t0 = now;
                    System.out.printf("first records after %.1f s: %,d%n", (now - started) / 1e9, published);
                    atStart = publishedRecords(admin);
                    published = atStart;
                    continue;
                }
                if (cpu != null && now - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
                    lastPrint = now;
                    System.out.printf("  %5.0f s: %,d records, load average %s%n", (now - t0) / 1e9, published,
                            loadAverage());
                }
                if (now - started > timeoutNanos) {
                    throw new IllegalStateException("only " + published + " records after " + options.get("timeout")
                            + " s");
                }
                Thread.sleep(published > 0 ? 100 : 500);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long measured = published - atStart;
            String line = ("Kafka bridge: %,d records on the topics for %,d events in the store; %,d of them published in"
                    + " %.1f s after the first ones were seen = %,.0f events/s (load average %s)")
                    .formatted(published, events, measured, seconds, measured / seconds, loadAverage());
            report(line, cpu, measured);
        }
    }

    private static Properties adminProperties(int port) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return properties;
    }

    private static long publishedRecords(Admin admin) {
        try {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("axon-commerce.")).collect(Collectors.toSet());
            if (topics.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                            OffsetSpec.latest())));
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            return 0; // broker not up yet
        }
    }

    // ------------------------------------------------------------------------------------------------ reporting

    /** CPU counters of this JVM (our Axon Server), a service JVM and its forked children (Elasticsearch). */
    private record Cpu(long startNanos, ProcCpu self, ProcCpu service, List<ProcCpu> children) {

        static Cpu of(long servicePid) {
            ProcCpu service = servicePid > 0 ? new ProcCpu(servicePid) : null;
            List<ProcCpu> children = servicePid > 0
                    ? ProcCpu.children(servicePid).stream().map(ProcCpu::new).toList() : List.of();
            return new Cpu(System.nanoTime(), new ProcCpu(ProcessHandle.current().pid()), service, children);
        }
    }

    private void report(String line, Cpu cpu, long processed) {
        double wall = (System.nanoTime() - cpu.startNanos) / 1e9;
        StringBuilder text = new StringBuilder(line);
        long total = 0;
        List<String> lines = new ArrayList<>();
        total += addCpu(lines, "benchmark JVM (our Axon Server)", cpu.self, processed, wall);
        if (cpu.service != null) {
            total += addCpu(lines, "service JVM", cpu.service, processed, wall);
        }
        for (ProcCpu child : cpu.children) {
            total += addCpu(lines, "child JVM pid " + child.pid() + " (Elasticsearch node)", child, processed, wall);
        }
        text.append("\n  CPU: %.1f µs per event in all processes (%.2f of %d cores busy on average)"
                .formatted(total / 1e3 / processed, total / 1e9 / wall, Runtime.getRuntime().availableProcessors()));
        lines.forEach(l -> text.append("\n  ").append(l));
        String result = text.toString();
        System.out.println(result);
        summary.add(result);
    }

    private static long addCpu(List<String> lines, String name, ProcCpu cpu, long processed, double wall) {
        long nanos = cpu.elapsedNanos();
        lines.add("%s: %.1f µs/event (%.2f cores) -- by thread: %s".formatted(name, nanos / 1e3 / processed,
                nanos / 1e9 / wall, cpu.perEvent(processed)));
        return nanos;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
