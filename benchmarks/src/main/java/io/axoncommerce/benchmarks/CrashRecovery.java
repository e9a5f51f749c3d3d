package io.axoncommerce.benchmarks;

import io.axoncommerce.axonserver.eventstore.storage.RocksDbEventStorage;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Recovery time after a crash: a child JVM appends to the store and is killed with SIGKILL without closing it, so
 * the next open must replay the write-ahead log (at most {@code MAX_WAL_BYTES}, see storage.md).
 */
final class CrashRecovery {

    private CrashRecovery() {
    }

    /** Child: appends {@code events} events, reports it, then waits to be killed with the store still open. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        RocksDbEventStorage storage = RocksDbEventStorage.open(dir.resolve("events"), dir.resolve("snapshots"));
        StorageTarget target = new StorageTarget(storage);
        List<Thread> appenders = new ArrayList<>();
        int threads = 16;
        for (int t = 0; t < threads; t++) {
            EventStoreTarget.Appender appender = target.appender("crash-" + System.nanoTime() + "-" + t);
            appenders.add(Thread.ofPlatform().start(() -> {
                try {
                    for (long done = 0; done < events / threads; done += 100) {
                        appender.append(100);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread appender : appenders) {
            appender.join();
        }
        System.out.println("DONE " + storage.lastToken());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Runs the child on {@code dir} (which must not be open), kills it, and times the next open. */
    static double measure(Path dir, long events) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classPath));
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            // Started with java -jar on the Spring Boot jar: its launcher can start any main class inside.
            command.addAll(List.of("-Dloader.main=" + CrashRecovery.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.add(CrashRecovery.class.getName());
        }
        command.addAll(List.of(dir.toString(), String.valueOf(events)));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long lastToken;
        try {
            BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            lastToken = CompletableFuture.supplyAsync(() -> lines.lines()
                            .filter(line -> line.startsWith("DONE ")).findFirst()
                            .map(line -> Long.parseLong(line.substring(5).trim()))
                            .orElseThrow(() -> new IllegalStateException("crash child ended early")))
                    .get(10, TimeUnit.MINUTES);
        } finally {
            child.destroyForcibly();
            child.waitFor(1, TimeUnit.MINUTES);
        }
        long start = System.nanoTime();
        try (RocksDbEventStorage storage = RocksDbEventStorage.open(dir.resolve("events"),
                dir.resolve("snapshots"))) {
            double seconds = (System.nanoTime() - start) / 1e9;
            if (storage.lastToken() != lastToken) {
                throw new IllegalStateException("recovered head " + storage.lastToken() + ", expected " + lastToken);
            }
            return seconds;
        }
    }
}
