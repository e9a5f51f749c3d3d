package io.axoncommerce.benchmarks.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.axoncommerce.launcher.AxonCommerceSystem;
import io.axoncommerce.launcher.LauncherSettings;
import org.HdrHistogram.Histogram;

/**
 * Order load against the whole system (issues 4, 5 and 6): starts it exactly as {@code ./axon-commerce run} does
 * ({@link AxonCommerceSystem}, every port free, a temporary data directory) or uses a running one
 * ({@code --base-url}), creates a few products with ample stock through the API, then places orders through the
 * gateway, phase after phase, at a fixed rate or as fast as {@code --clients} synchronous clients go, and prints
 * orders/s placed and confirmed, place→confirmed latency, read-model (projection) lag and Kafka end-to-end latency,
 * with the CPU each service process spent per order.
 *
 * <p>The API needs bearer tokens (api-security); the benchmark gets them from the gateway's local-profile endpoint
 * ({@code POST /api/local/tokens}; the launcher runs every service in the {@code local} profile): an operator
 * token for products and stock, and one {@code customer} token per customer of a pool of {@code --customers}, all
 * minted before the first phase.
 *
 * <p>Usage (see BENCHMARKS.md), from the unpacked benchmarks jar, in the repository root: {@code java -cp
 * 'benchmarks/target/exploded/BOOT-INF/classes:benchmarks/target/exploded/BOOT-INF/lib/*'
 * io.axoncommerce.benchmarks.system.SystemLoadBenchmark [--rate 100|max|100,200,max] [--seconds 60] [--warmup 20]
 * [--warmup-rate 2] [--clients 16] [--products 8] [--customers 1000] [--watch-every 10] [--max-watchers 20]
 * [--drain 120] [--keep-data yes] [--home .] [--topologies one-jvm,processes]
 * [launcher options such as --jvm-options=-Xmx512m (service JVMs of the processes topology)]}, or against a running system with
 * {@code --base-url http://localhost:8080 --kafka 127.0.0.1:9092}.
 */
public final class SystemLoadBenchmark {

    private final Map<String, String> options;
    private final ShopClient shop;
    private final OrderBook orders = new OrderBook();
    private final boolean ownSystem;
    private final List<String> products = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Phase current;
    private final Semaphore watchers;
    private final int customers;

    private SystemLoadBenchmark(Map<String, String> options, String baseUrl, boolean ownSystem) {
        this.options = options;
        this.shop = new ShopClient(baseUrl);
        this.ownSystem = ownSystem;
        this.watchers = new Semaphore(Integer.parseInt(options.get("max-watchers")));
        this.customers = Integer.parseInt(options.get("customers"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.ofEntries(Map.entry("rate", "100"),
                Map.entry("seconds", "60"), Map.entry("warmup", "20"), Map.entry("warmup-rate", "2"),
                Map.entry("clients", "16"), Map.entry("products", "8"), Map.entry("customers", "1000"),
                Map.entry("watch-every", "10"),
                Map.entry("max-watchers", "20"),
                Map.entry("drain", "120"), Map.entry("max-in-flight", "2000"), Map.entry("home", "."),
                Map.entry("kafka", "127.0.0.1:9092")));
        List<String> launcherArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && args[i].contains("=")) {
                launcherArgs.add(args[i]); // --name=value: an option of the launcher, as ./axon-commerce run takes it
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("Expected --option value or --launcher-option=value, got " + args[i]);
            }
        }
        System.out.printf("System load benchmark, %s, Java %s, %d CPUs, load average %s, options %s %s%n",
                Instant.now(), Runtime.version(), Runtime.getRuntime().availableProcessors(), Machine.loadAverage(),
                options, launcherArgs);
        if (options.containsKey("base-url")) {
            new SystemLoadBenchmark(options, options.get("base-url"), false).run(options.get("kafka"));
            return;
        }
        if (launcherArgs.stream().anyMatch(arg -> arg.startsWith("--topology="))) {
            throw new IllegalArgumentException("--topologies one-jvm,processes names the topologies to run");
        }
        if (SystemLoadBenchmark.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
            // AxonCommerceSystem starts Kafka in CompletableFuture.supplyAsync, i.e. on the common ForkJoinPool, whose
            // threads have the system class loader as context class loader; Kafka loads its classes by name through
            // it, and inside a Spring Boot fat jar that loader sees none of BOOT-INF/lib
            System.err.println("Run this benchmark from a plain class path (the fat jar's nested class loader breaks "
                    + "the in-process Kafka broker), see BENCHMARKS.md:\n  unzip -q -o benchmarks/target/benchmarks.jar "
                    + "-d benchmarks/target/exploded\n  java -cp 'benchmarks/target/exploded/BOOT-INF/classes:"
                    + "benchmarks/target/exploded/BOOT-INF/lib/*' " + SystemLoadBenchmark.class.getName() + " ...");
            System.exit(2);
        }
        // one system after the other on the same machine in the same run, so their figures compare
        Map<String, String> tables = new LinkedHashMap<>();
        for (String topology : options.getOrDefault("topologies", "one-jvm").split(",")) {
            tables.put(topology, runOn(topology, options, launcherArgs));
        }
        tables.forEach((topology, table) -> System.out.printf("%n--topology=%s%n%s", topology, table));
        // a one-JVM system leaves idle non-daemon threads behind when it stops (Axon's command and query executors,
        // among others; see launcher/README.md), which would keep this JVM alive after the report
        System.exit(0);
    }

    /** Starts the system in the topology, runs every phase on it, stops it; answers the phases' table. */
    private static String runOn(String topology, Map<String, String> options, List<String> launcherArgs)
            throws Exception {
        Path dataDir = Files.createTempDirectory("axon-commerce-load");
        Path home = Path.of(options.get("home")).toAbsolutePath().normalize();
        List<String> settingsArgs = new ArrayList<>(List.of("--data-dir=" + dataDir, "--home=" + home,
                "--topology=" + topology));
        LauncherSettings.PORT_DEFAULTS.keySet().forEach(port -> settingsArgs.add("--" + port + "=0"));
        settingsArgs.addAll(launcherArgs);
        LauncherSettings settings = LauncherSettings.parse(settingsArgs.toArray(String[]::new), home);
        long start = System.nanoTime();
        AxonCommerceSystem system = AxonCommerceSystem.start(settings);
        Thread stopper = new Thread(system::close, "stop-system"); // Ctrl-C must not leave nine JVMs behind
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            System.out.printf("System started in %d s (topology %s, service JVM options %s), API %s, data and logs "
                            + "in %s%n", Duration.ofNanos(System.nanoTime() - start).toSeconds(), topology,
                    settings.jvmOptions(), system.gatewayUrl(), dataDir);
            SystemLoadBenchmark benchmark = new SystemLoadBenchmark(options, system.gatewayUrl(), true);
            return benchmark.run(system.kafkaBootstrapServers());
        } finally {
            system.close();
            Runtime.getRuntime().removeShutdownHook(stopper);
            if (!options.containsKey("keep-data")) {
                try (var paths = Files.walk(dataDir)) {
                    paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private String run(String kafkaBootstrap) throws Exception {
        int seconds = Integer.parseInt(options.get("seconds"));
        List<String> rates = List.of(options.get("rate").split(","));
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < Integer.parseInt(options.get("products")); i++) {
            // ample stock: every phase's orders together stay far below it; orders spread over the products, so
            // the reservations do not all queue on one Inventory aggregate
            products.add(shop.createProduct("Load item " + run + " " + i, 1_000_000));
        }
        mintCustomerTokens();
        List<Phase> phases = new ArrayList<>();
        try (EventFeed feed = new EventFeed(kafkaBootstrap, orders, () -> current)) {
            int warmup = Integer.parseInt(options.get("warmup"));
            if (warmup > 0) {
                // the services' JIT compilers and connection pools warm up here, unmeasured, at a rate low enough
                // not to leave a backlog for the first measured phase
                runPhase(new Phase("warm-up", Double.parseDouble(options.get("warmup-rate")), false), warmup);
            }
            for (String rate : rates) {
                Phase phase = switch (rate) {
                    case "max" -> new Phase("max, " + options.get("clients") + " clients awaiting confirmation", 0, true);
                    case "max-place" -> new Phase("max placing, " + options.get("clients") + " clients", 0, true);
                    default -> new Phase(rate + " orders/s", Double.parseDouble(rate), true);
                };
                phase.awaitFinal = rate.equals("max");
                phases.add(phase);
                runPhase(phase, seconds);
            }
            if (feed.failure() != null) {
                System.out.println("WARNING: the Kafka feed failed: " + feed.failure());
            }
        }
        shop.close();
        String table = table(phases);
        System.out.println();
        System.out.print(table);
        return table;
    }

    /**
     * The customers who place the orders: order n is placed by customer n mod {@code --customers}, each with its own
     * token (the subject is the customer id). The command side allows one customer 20 orders/s (api-security rate
     * limit, 429 beyond), so the load is spread over many customers: with the default 1,000, each places
     * rate/1,000 orders/s, and the limiter stays out of the way up to 20,000 orders/s, far above what the system
     * sustains. This measures the system, not the limiter; fewer customers than rate/20 would measure 429s. (The
     * services keep the limiters of at most 10,000 clients, so the pool does not churn them either.)
     */
    private String customer(long n) {
        return "load-" + (n % customers);
    }

    /** All customers' tokens, before the first phase: minting them must not happen inside a measured one. */
    private void mintCustomerTokens() {
        long start = System.nanoTime();
        try (var minting = Executors.newFixedThreadPool(8)) { // a few at a time: the gateway is being measured later
            for (int c = 0; c < customers; c++) {
                String customer = customer(c);
                minting.submit(() -> shop.customerToken(customer));
            }
        }
        for (int c = 0; c < customers; c++) {
            shop.customerToken(customer(c)); // cached; mints again (and fails loudly) only where a task above failed
        }
        System.out.printf("Minted the tokens of %d customers in %.1f s (POST /api/local/tokens)%n", customers,
                (System.nanoTime() - start) / 1e9);
        double highestRate = List.of(options.get("rate").split(",")).stream().filter(r -> !r.startsWith("max"))
                .mapToDouble(Double::parseDouble).max().orElse(0);
        if (highestRate > 20.0 * customers) {
            System.out.println("WARNING: more than 20 orders/s per customer: the command side's rate limit will "
                    + "refuse orders (429); raise --customers");
        }
    }

    private final Map<Phase, Machine.Snapshot[]> cpu = new LinkedHashMap<>();

    private void runPhase(Phase phase, int seconds) throws InterruptedException {
        System.out.printf("%s: %s for %d s ...%n", Instant.now(), phase.name, seconds);
        current = phase;
        // progress every 10 s: a backlog that grows (accepted − finished) is the sign of a rate not sustained
        long started = System.nanoTime();
        Thread progress = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    System.out.printf("  %3d s: accepted %d, finished %d, not yet finished %d%n",
                            Duration.ofNanos(System.nanoTime() - started).toSeconds(), phase.accepted.sum(),
                            phase.finished.sum(), phase.pending());
                }
            } catch (InterruptedException e) {
                // phase over
            }
        });
        Machine.Snapshot before = Machine.snapshot(ownSystem);
        phase.windowStart = Instant.now();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Semaphore inFlight = new Semaphore(Integer.parseInt(options.get("max-in-flight")));
        if (phase.rate > 0) {
            atRate(phase, end, inFlight);
        } else {
            asFastAsPossible(phase, end, Integer.parseInt(options.get("clients")), inFlight);
        }
        phase.windowEnd = Instant.now();
        Machine.Snapshot after = Machine.snapshot(ownSystem);
        cpu.put(phase, new Machine.Snapshot[]{before, after});
        // wait for every request's answer, then for every accepted order's final event
        long drainEnd = System.nanoTime() + Duration.ofSeconds(Long.parseLong(options.get("drain"))).toNanos();
        while ((inFlight.availablePermits() < Integer.parseInt(options.get("max-in-flight")) || phase.pending() > 0)
                && System.nanoTime() < drainEnd) {
            Thread.sleep(100);
        }
        progress.interrupt();
        System.out.printf("  placed %d, accepted %d in %.1f s; %s; load average %s -> %s%n", phase.sent.sum(),
                phase.accepted.sum(), phase.windowSeconds(), phase.outcomeCounts(), before.loadAverage(),
                after.loadAverage());
        if (phase.pending() > 0) {
            Map<String, Instant> stuck = orders.unfinished(phase);
            Instant now = Instant.now();
            stuck.values().forEach(sentAt -> Phase.record(phase.placeToConfirmed, sentAt, now));
            phase.censored = stuck.size();
            System.out.printf("  NOT FINISHED %d s after the phase: %d orders, e.g.%n", Long.parseLong(options.get("drain")),
                    phase.pending());
            for (String id : stuck.keySet().stream().limit(5).toList()) {
                try {
                    ShopClient.Answer answer = shop.placeOrderStatus(id);
                    System.out.printf("    %s -> %d %s%n", id, answer.status(), answer.body());
                } catch (RuntimeException e) { // an overloaded gateway may not answer either: that is a finding too
                    System.out.printf("    %s -> %s%n", id, e.getCause() == null ? e : e.getCause());
                }
            }
        }
        System.out.println("  events of the phase consumed from Kafka: " + phase.eventTypeCounts());
        if (phase.firstError != null) {
            System.out.println("  first error: " + phase.firstError);
        }
        Thread.sleep(2000); // let the last records and SSE streams of this phase go by before the next one starts
    }

    /**
     * Open loop: order i leaves at start + i/rate whatever the answers, as real customers do not wait for each
     * other. Requests are asynchronous; more than {@code max-in-flight} unanswered ones means the system is far
     * behind, and further sends are skipped (counted) instead of piling up without bound.
     */
    private void atRate(Phase phase, long end, Semaphore inFlight) {
        long period = (long) (1e9 / phase.rate);
        long start = System.nanoTime();
        for (long i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) {
                return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -10_000_000) {
                phase.late.increment();
            }
            if (!inFlight.tryAcquire()) {
                phase.skipped.increment();
                continue;
            }
            place(phase).whenComplete((ok, e) -> inFlight.release());
        }
    }

    /**
     * Closed loop. {@code max}: each client places its next order when its previous one is confirmed or cancelled, so
     * the rate found is what the whole pipeline sustains without building a backlog. {@code max-place}: the next order
     * as soon as the previous one was accepted (202), which measures placing alone; the saga then works through a
     * growing backlog, as at any rate above what it sustains.
     */
    private void asFastAsPossible(Phase phase, long end, int clients, Semaphore inFlight) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    inFlight.acquireUninterruptibly();
                    try {
                        CompletableFuture<Void> done = place(phase).join();
                        if (phase.awaitFinal && done != null) {
                            done.orTimeout(Long.parseLong(options.get("drain")), TimeUnit.SECONDS)
                                    .exceptionally(e -> null).join();
                        }
                    } finally {
                        inFlight.release();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Places one order; the future gives the order's completion (null when the POST was not accepted). */
    private CompletableFuture<CompletableFuture<Void>> place(Phase phase) {
        long n = sequence.incrementAndGet();
        String product = products.get((int) (n % products.size()));
        Instant sentAt = Instant.now();
        phase.sent.increment();
        String customer = customer(n);
        return shop.placeOrder(customer, product).handle((answer, error) -> {
            if (error != null) {
                phase.failed.increment();
                phase.firstError = phase.firstError == null ? error.toString() : phase.firstError;
                return null;
            }
            Phase.record(phase.postLatency, sentAt, Instant.now());
            if (answer.status() != 202) {
                phase.refused.increment();
                phase.firstError = phase.firstError == null ? answer.status() + " " + answer.body() : phase.firstError;
                return null;
            }
            String orderId = answer.json().path("orderId").asText();
            phase.accepted.increment();
            CompletableFuture<Void> done = orders.placed(orderId, phase, sentAt);
            if (phase.accepted.sum() % Integer.parseInt(options.get("watch-every")) == 0) {
                // each open stream holds one of the gateway's servlet threads (200) until the order is final: when
                // orders stop finishing, unbounded watching would take them all and block every other request
                if (watchers.tryAcquire()) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            watch(phase, orderId, customer, sentAt);
                        } finally {
                            watchers.release();
                        }
                    });
                } else {
                    phase.watchSkipped.increment();
                }
            }
            return done;
        });
    }

    /**
     * Read-model lag, sampled on every n-th order (an SSE stream per order would add a subscription query per order
     * to the load): each status that arrives as an update (not in the stream's initial state) is compared with its
     * timestamp in the order's status history, which is the event's timestamp. The figure therefore covers the
     * append, the projection's tracking processor and MongoDB write, and the update's way back to a client through
     * Axon Server's subscription query and the gateway: an upper bound of "visible in the read model".
     */
    private void watch(Phase phase, String orderId, String customer, Instant sentAt) {
        Set<String> seen = new HashSet<>();
        try {
            shop.watch(orderId, customer, status -> {
                if (!seen.add(status.status()) || status.initial()) {
                    return;
                }
                if (phase.measured && phase.inWindow(status.receivedAt())) {
                    Phase.record(phase.projectionLag, status.at(), status.receivedAt());
                }
                if (status.status().equals("CONFIRMED")) {
                    Phase.record(phase.placeToConfirmedOverSse, sentAt, status.receivedAt());
                }
            });
        } catch (Exception e) {
            phase.watchFailures.increment();
            phase.firstError = phase.firstError == null ? "watch " + orderId + ": " + e : phase.firstError;
        }
    }

    // --- the report ----------------------------------------------------------------------------------------------

    private String table(List<Phase> phases) {
        Map<String, Function<Phase, String>> rows = new LinkedHashMap<>();
        rows.put("orders/s placed (accepted)", p -> "%.1f".formatted(p.accepted.sum() / p.windowSeconds()));
        rows.put("orders/s confirmed (event time in window)", p -> "%.1f".formatted(p.confirmedInWindow.sum() / p.windowSeconds()));
        rows.put("outcomes of the phase's orders", p -> {
            List<String> parts = new ArrayList<>();
            p.outcomeCounts().forEach((outcome, n) -> parts.add(outcome + " " + n));
            if (p.pending() > 0) {
                parts.add("NOT FINISHED " + p.pending());
            }
            return String.join(", ", parts);
        });
        rows.put("refused / failed / skipped / late sends", p -> "%d / %d / %d / %d".formatted(p.refused.sum(),
                p.failed.sum(), p.skipped.sum(), p.late.sum()));
        rows.put("POST /api/orders ms p50/p99", p -> ms(p.postLatency, 50, 99));
        rows.put("place→confirmed ms p50/p95/p99 (max)", p -> (p.censored > 0 ? "≥ " : "")
                + ms(p.placeToConfirmed, 50, 95, 99) + " (" + ms(p.placeToConfirmed, 100) + ")");
        rows.put("place→confirmed consumed from Kafka ms p50/p99", p -> ms(p.placeToConfirmedOnKafka, 50, 99));
        rows.put("place→CONFIRMED over SSE ms p50/p99 (sample)", p -> ms(p.placeToConfirmedOverSse, 50, 99));
        rows.put("read-model lag ms p50/p99 (samples; watches skipped)", p -> ms(p.projectionLag, 50, 99)
                + " (" + p.projectionLag.getTotalCount() + "; " + p.watchSkipped.sum() + ")");
        rows.put("Kafka event→consumed ms p50/p99 (records)", p -> ms(p.kafkaLatency, 50, 99)
                + " (" + p.kafkaLatency.getTotalCount() + ")");
        rows.put("load average start → end", p -> cpu.get(p)[0].loadAverage().split(" ")[0] + " → "
                + cpu.get(p)[1].loadAverage().split(" ")[0]);
        rows.put("machine CPU busy (all processes, %d CPUs)".formatted(Runtime.getRuntime().availableProcessors()),
                p -> "%.0f %%".formatted(100 * Machine.busyShare(cpu.get(p)[0], cpu.get(p)[1])));
        if (ownSystem) {
            for (String process : cpu.get(phases.get(0))[1].cpuSeconds().keySet()) {
                rows.put("CPU ms/order: " + process, p -> {
                    Double from = cpu.get(p)[0].cpuSeconds().get(process);
                    Double to = cpu.get(p)[1].cpuSeconds().get(process);
                    return from == null || to == null ? "?" : "%.2f".formatted((to - from) * 1000 / p.accepted.sum());
                });
            }
            rows.put("CPU ms/order: all of the system", p -> {
                double total = 0;
                for (String process : cpu.get(p)[1].cpuSeconds().keySet()) {
                    total += cpu.get(p)[1].cpuSeconds().get(process)
                            - cpu.get(p)[0].cpuSeconds().getOrDefault(process, 0.0);
                }
                return "%.2f".formatted(total * 1000 / p.accepted.sum());
            });
        }
        StringBuilder out = new StringBuilder("| |");
        phases.forEach(p -> out.append(' ').append(p.name).append(" |"));
        out.append("\n|---|").append("---|".repeat(phases.size())).append('\n');
        rows.forEach((name, value) -> {
            out.append("| ").append(name).append(" |");
            phases.forEach(p -> out.append(' ').append(value.apply(p)).append(" |"));
            out.append('\n');
        });
        return out.toString();
    }

    private static String ms(Histogram h, double... percentiles) {
        if (h.getTotalCount() == 0) {
            return "–";
        }
        List<String> values = new ArrayList<>();
        for (double p : percentiles) {
            long micros = p >= 100 ? h.getMaxValue() : h.getValueAtPercentile(p);
            values.add(micros >= 10_000 ? "%.0f".formatted(micros / 1000.0) : "%.1f".formatted(micros / 1000.0));
        }
        return String.join(" / ", values);
    }
}
