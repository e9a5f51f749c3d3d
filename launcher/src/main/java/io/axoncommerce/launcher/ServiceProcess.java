package io.axoncommerce.launcher;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service as a child JVM running its module's executable jar, the way production runs it. Its output goes to
 * {@code <data>/logs/<service>.log}; it is ready when Spring Boot logs {@code Started <App> in ...}.
 */
final class ServiceProcess {

    private static final Logger logger = LoggerFactory.getLogger(ServiceProcess.class);
    /** Spring Boot's own start-up line: the context is refreshed, web server and Axon processors started. */
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private Process process;
    private long started;

    ServiceProcess(String name, Path jar, List<String> jvmOptions, List<String> args, Path agentJar, Path logDir) {
        this.name = name;
        this.logFile = logDir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // a session of its own: Ctrl-C in the terminal reaches only the launcher, which stops the services in
            // order (services first, the infrastructure they write to last)
            cmd.add(SETSID.toString());
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Daxoniq.update-checker.disabled=true");
        cmd.add("-javaagent:" + agentJar);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    void start() {
        logger.info("Starting {} (log: {})", name, logFile);
        started = System.nanoTime();
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
        Thread pump = Thread.ofPlatform().daemon().name(name + "-output").start(this::pumpOutput);
        process.onExit().thenRun(() -> {
            try {
                pump.join(Duration.ofSeconds(5)); // the last lines explain the exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ready.completeExceptionally(new IllegalStateException(name + " exited with code " + process.exitValue()
                    + " before it was ready. Last lines of " + logFile + ":\n" + tail()));
        });
    }

    private void pumpOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 40) {
                        lastLines.removeFirst();
                    }
                }
                if (!ready.isDone() && STARTED.matcher(line).find()) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            logger.debug("Output of {} ended", name, e);
        }
    }

    private String tail() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    void awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            logger.info("{} ready after {} s", name, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not start within " + timeout.toSeconds() + " s. Last lines of "
                    + logFile + ":\n" + tail());
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }

    /** Asks the JVM to stop (SIGTERM: Spring closes its context), without waiting. */
    void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits for the stop asked by {@link #requestStop()}; kills the JVM when it takes longer than {@code grace}. */
    void awaitStop(Duration grace) {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                logger.warn("{} did not stop within {} s: killing it", name, grace.toSeconds());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
