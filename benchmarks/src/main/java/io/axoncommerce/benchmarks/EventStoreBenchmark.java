package io.axoncommerce.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.springframework.util.FileSystemUtils;

/**
 * Append and read throughput of the event stores, measured the same way in one run, with ratios.
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar [--targets storage,grpc,jdbc] [--seconds 5]
 * [--warmup 3] [--jit-warmup 10] [--read-events 1000000] [--appenders 1,8,64] [--tx-sizes 1,10]
 * [--crash-events 300000] [--settle 10] [--dir /path]}
 *
 * <p>Each append case runs {@code appenders} threads, each owning one aggregate and appending transactions of
 * {@code tx-size} events synchronously (the next one only after the store acknowledged the previous one), like
 * command handlers do. Each target first runs {@code jit-warmup} seconds of appends that are not measured, because
 * the JIT compiler takes a core for about ten seconds after start on this two-core machine; each case then has its
 * own {@code warmup}. After the append cases the store is filled up to {@code read-events} events and read from the
 * first token. CPU time is the whole process's (client and store share the JVM), divided by the events processed.
 */
public final class EventStoreBenchmark {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Measurement(String target, String test, double eventsPerSecond, double cpuMicrosPerEvent) {
    }

    private final Map<String, String> options;
    private final List<Measurement> results = new ArrayList<>();
    private final List<String> restarts = new ArrayList<>();

    private EventStoreBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "targets", "storage,grpc,jdbc",
                "seconds", "5",
                "warmup", "3",
                "jit-warmup", "10",
                "crash-events", "300000",
                "settle", "10",
                "read-events", "1000000",
                "appenders", "1,8,64",
                "tx-sizes", "1,10"));
        BenchmarkOptions.parse(args, options);
        new EventStoreBenchmark(options).run();
    }

    private void run() throws Exception {
        Path base = options.containsKey("dir") ? Files.createDirectories(Path.of(options.get("dir")))
                : Files.createTempDirectory("event-store-benchmark");
        System.out.printf("Event store benchmark, %s, Java %s, %d cores, data in %s%n", Instant.now(),
                Runtime.version(), Runtime.getRuntime().availableProcessors(), base);
        System.out.printf("Payload: %d bytes of JSON per event; options %s%n",
                Payloads.json(Payloads.next("order-1")).length, options);
        System.out.printf("Disk: %.0f fsyncs/s (append 512 B + fdatasync, one thread) -- the bound for one appender%n",
                fsyncRate(base));

        Map<String, Function<Path, EventStoreTarget>> factories = new LinkedHashMap<>();
        factories.put("storage", StorageTarget::new);
        factories.put("grpc", GrpcTarget::new);
        factories.put("jdbc", dir -> new JdbcTarget(dir, 64));
        try {
            for (String name : options.get("targets").split(",")) {
                Function<Path, EventStoreTarget> factory = factories.get(name.trim());
                if (factory == null) {
                    throw new IllegalArgumentException("Unknown target " + name + "; known: " + factories.keySet());
                }
                Path dir = Files.createDirectories(base.resolve(name.trim()));
                try (EventStoreTarget target = factory.apply(dir)) {
                    // The disk is shared with other work, so its sync rate is taken again next to each target.
                    System.out.printf("%n== %s (disk now: %.0f fsyncs/s)%n", target.name(), fsyncRate(dir));
                    benchmark(target);
                }
            }
        } finally {
            if (!options.containsKey("dir")) {
                FileSystemUtils.deleteRecursively(base);
            }
        }
        printSummary();
    }

    private void benchmark(EventStoreTarget target) throws Exception {
        long warmup = Long.parseLong(options.get("warmup"));
        long seconds = Long.parseLong(options.get("seconds"));
        long[] warmed = {0};
        measureAppends(target, "JIT warm-up", 16, 10, Long.parseLong(options.get("jit-warmup")), 0, warmed);
        long stored = warmed[0];
        for (String appenders : options.get("appenders").split(",")) {
            for (String txSize : options.get("tx-sizes").split(",")) {
                int threads = Integer.parseInt(appenders.trim());
                int size = Integer.parseInt(txSize.trim());
                String test = "append %2d appenders x %2d-event tx".formatted(threads, size);
                long[] events = {0};
                Measurement m = measureAppends(target, test, threads, size, warmup, seconds, events);
                stored += events[0];
                record(m);
            }
        }
        long readEvents = Long.parseLong(options.get("read-events"));
        if (stored < readEvents) {
            long start = System.nanoTime();
            fill(target, readEvents - stored);
            System.out.printf("   (filled to %,d events in %.1f s)%n", readEvents,
                    (System.nanoTime() - start) / 1e9);
        }
        // Every store flushes and compacts in the background after a burst of writes; let that settle (same pause
        // for every target), then read a part first so the read path is compiled before the measured read.
        Thread.sleep(Long.parseLong(options.get("settle")) * 1000);
        target.readFromStart(Math.min(readEvents, 300_000));
        ThreadCpu threadCpu = new ThreadCpu();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        long read = target.readFromStart(readEvents);
        long nanos = System.nanoTime() - t0;
        long cpu = OS.getProcessCpuTime() - cpu0;
        System.out.printf("   read: us CPU/event by thread: %s%n", threadCpu.perEvent(read));
        if (read < readEvents) {
            throw new IllegalStateException(target.name() + " returned only " + read + " events");
        }
        record(new Measurement(target.name(), "read %,d events from token 0".formatted(read), read * 1e9 / nanos,
                cpu / 1e3 / read));
        double restart = target.restartSeconds();
        if (!Double.isNaN(restart)) {
            String line = "%s: restart with %,d events stored took %.2f s".formatted(target.name(), read, restart);
            restarts.add(line);
            System.out.println("   " + line);
        }
        long crashEvents = Long.parseLong(options.get("crash-events"));
        double recovery = crashEvents > 0 ? target.crashRecoverySeconds(crashEvents) : Double.NaN;
        if (!Double.isNaN(recovery)) {
            String line = "%s: open after SIGKILL of a process that had just appended %,d events took %.2f s"
                    .formatted(target.name(), crashEvents, recovery);
            restarts.add(line);
            System.out.println("   " + line);
        }
    }

    private void record(Measurement m) {
        results.add(m);
        System.out.printf("   %-40s %,12.0f events/s %8.1f us CPU/event%n", m.test, m.eventsPerSecond,
                m.cpuMicrosPerEvent);
    }

    private static Measurement measureAppends(EventStoreTarget target, String test, int threads, int txSize,
                                              long warmupSeconds, long seconds, long[] appended)
            throws InterruptedException {
        LongAdder events = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        String run = Long.toString(System.nanoTime(), 36);
        List<Thread> workers = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        for (int t = 0; t < threads; t++) {
            EventStoreTarget.Appender appender = target.appender("order-" + run + "-" + threads + "x" + txSize + "-" + t);
            workers.add(Thread.ofPlatform().name("appender-" + t).start(() -> {
                try {
                    while (!stop.get()) {
                        appender.append(txSize);
                        events.add(txSize);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        Thread.sleep(warmupSeconds * 1000);
        ThreadCpu threadCpu = new ThreadCpu();
        long e0 = events.sum();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000);
        long e1 = events.sum();
        long cpu1 = OS.getProcessCpuTime();
        long t1 = System.nanoTime();
        if (seconds > 0) {
            System.out.printf("   %s: us CPU/event by thread: %s%n", test.trim(), threadCpu.perEvent(e1 - e0));
        }
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(test + " failed on " + target.name(), failure.get());
        }
        appended[0] = events.sum();
        long measured = Math.max(1, e1 - e0);
        return new Measurement(target.name(), test, measured * 1e9 / (t1 - t0), (cpu1 - cpu0) / 1e3 / measured);
    }

    /** Fills the store quickly with large transactions from many appenders. */
    private static void fill(EventStoreTarget target, long events) throws InterruptedException {
        int threads = 16;
        int txSize = 100;
        long perThread = (events + threads - 1) / threads;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            EventStoreTarget.Appender appender = target.appender("fill-" + System.nanoTime() + "-" + t);
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (long done = 0; done < perThread; done += txSize) {
                        appender.append((int) Math.min(txSize, perThread - done));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Filling " + target.name() + " failed", failure.get());
        }
    }

    private static double fsyncRate(Path dir) throws IOException {
        Path file = dir.resolve("fsync-probe");
        ByteBuffer block = ByteBuffer.allocate(512);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long count = 0;
            long start = System.nanoTime();
            long end = start + 2_000_000_000L;
            while (System.nanoTime() < end) {
                block.clear();
                channel.write(block);
                channel.force(false);
                count++;
            }
            return count * 1e9 / (System.nanoTime() - start);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void printSummary() {
        System.out.printf("%n== Summary (markdown)%n%n| test | %s |%n|---|%s%n",
                String.join(" | ", results.stream().map(Measurement::target).distinct()
                        .map(t -> t + " events/s (us CPU/event)").toList()),
                "---|".repeat((int) results.stream().map(Measurement::target).distinct().count()));
        List<String> targets = results.stream().map(Measurement::target).distinct().toList();
        List<String> tests = results.stream().map(Measurement::test).distinct().toList();
        for (String test : tests) {
            StringBuilder row = new StringBuilder("| " + test.trim().replaceAll(" +", " ") + " |");
            for (String target : targets) {
                results.stream().filter(m -> m.target.equals(target) && m.test.equals(test)).findFirst()
                        .ifPresentOrElse(m -> row.append(" %,.0f (%.1f) |".formatted(m.eventsPerSecond,
                                m.cpuMicrosPerEvent)), () -> row.append(" - |"));
            }
            System.out.println(row);
        }
        restarts.forEach(line -> System.out.println("\n" + line));
        String jdbc = targets.stream().filter(t -> t.startsWith("Axon Jdbc")).findFirst().orElse(null);
        if (jdbc == null) {
            return;
        }
        System.out.printf("%nRatios against %s (throughput):%n", jdbc);
        for (String test : tests) {
            Measurement base = find(jdbc, test);
            for (String target : targets) {
                Measurement m = find(target, test);
                if (!target.equals(jdbc) && base != null && m != null) {
                    System.out.printf("   %-40s %-28s %6.1fx%n", test, target, m.eventsPerSecond / base.eventsPerSecond);
                }
            }
        }
    }

    private Measurement find(String target, String test) {
        return results.stream().filter(m -> m.target.equals(target) && m.test.equals(test)).findFirst()
                .orElse(null);
    }
}
