package io.axoncommerce.axonserver.query;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.query.QueryTraffic.Kind;
import io.axoncommerce.axonserver.query.app.QueryApp;
import io.axoncommerce.axonserver.query.app.QueryApp.EchoQuery;
import io.axoncommerce.axonserver.query.app.QueryApp.Item;
import io.axoncommerce.axonserver.query.app.QueryApp.ItemsQuery;
import org.HdrHistogram.Histogram;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Not a test: prints what a query costs at the server (messages and bytes on the wire per query, both ways) and the
 * round trip as the caller sees it, for BENCHMARKS.md. Server, handler and caller share this JVM, so the CPU figure
 * is all three together. Run with {@code -Dit.test=QueryPathProbeIT -Dquery.probe=true}; options
 * {@code -Dquery.probe.queries=5000 -Dquery.probe.streams=20 -Dquery.probe.items=1000}.
 */
@EnabledIfSystemProperty(named = "query.probe", matches = "true")
class QueryPathProbeIT {

    @TempDir
    Path dataDir;

    @Test
    void measure() throws Exception {
        int queries = Integer.getInteger("query.probe.queries", 5000);
        int streams = Integer.getInteger("query.probe.streams", 20);
        int items = Integer.getInteger("query.probe.items", 1000);
        QueryTraffic traffic = new QueryTraffic();
        try (EmbeddedAxonServer server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir)
                                                           .interceptor(traffic).build().start();
             ConfigurableApplicationContext handler = QueryApp.start(server.grpcPort(), "handler", true);
             ConfigurableApplicationContext caller = QueryApp.start(server.grpcPort(), "caller", false)) {
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> server.queries().subscriptions().getOrDefault(EchoQuery.class.getName(), Set.of())
                                .contains("handler"));
            QueryGateway gateway = caller.getBean(QueryGateway.class);

            pointToPoint(gateway, queries / 5, new Histogram(3)); // JIT warm-up, not measured
            settle(server);
            traffic.reset();
            Histogram latency = new Histogram(3);
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            pointToPoint(gateway, queries, latency);
            long wall = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpuBefore;
            settle(server);
            System.out.printf("%n== point-to-point: %d sequential queries, one caller, one handler%n", queries);
            print(traffic, queries);
            System.out.printf("round trip µs: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f; %.0f queries/s; "
                                      + "CPU %.0f µs per query (server + both applications), %.2f cores; load %s%n",
                              latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(90) / 1e3,
                              latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3,
                              queries / (wall / 1e9), cpu / 1e3 / queries, (double) cpu / wall, loadAverage());

            traffic.reset();
            int received = 0;
            String outcome = "ok";
            cpuBefore = processCpuNanos();
            start = System.nanoTime();
            try {
                for (int i = 0; i < streams; i++) {
                    received += Flux.from(gateway.streamingQuery(new ItemsQuery(items, 100), Item.class))
                                    .count().block(Duration.ofSeconds(60));
                }
            } catch (RuntimeException e) {
                outcome = "failed: " + e;
            }
            wall = System.nanoTime() - start;
            cpu = processCpuNanos() - cpuBefore;
            settle(server);
            System.out.printf("%n== streaming: %d queries of %d items (100-byte filler): %s; %d items received%n",
                              streams, items, outcome, received);
            print(traffic, streams);
            System.out.printf("%.0f items/s; CPU %.1f µs per item (server + both applications); load %s%n",
                              received / (wall / 1e9), received == 0 ? 0 : cpu / 1e3 / received, loadAverage());
        }
    }

    private static void pointToPoint(QueryGateway gateway, int count, Histogram latency) throws Exception {
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            gateway.query(new EchoQuery("hello " + i), String.class).get(10, TimeUnit.SECONDS);
            latency.recordValue(System.nanoTime() - start);
        }
    }

    /** Lets what handlers send after the caller got its answer (repeated answers) arrive before counting. */
    private static void settle(EmbeddedAxonServer server) throws InterruptedException {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.queries().pendingQueries() == 0);
        Thread.sleep(1000);
    }

    private static void print(QueryTraffic traffic, int queries) {
        for (Kind kind : Kind.values()) {
            System.out.printf("  %-24s %8.2f messages, %9.1f bytes per query%n", kind,
                              (double) traffic.messages(kind) / queries, (double) traffic.bytes(kind) / queries);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
