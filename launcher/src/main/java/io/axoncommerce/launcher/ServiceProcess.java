package io.axoncommerce.launcher;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service as a child JVM running its module's executable jar, the way production runs it (or the infrastructure's
 * JVM, {@link InfrastructureMain}). Its output goes to {@code <data>/logs/<service>.log}; it is ready when it logs
 * Spring Boot's {@code Started <App> in ...}.
 * <p>
 * Supervised like a container with {@code restart: unless-stopped}: once it has been ready, a JVM that exits without
 * being asked to (a crash, {@code kill -9}, the OOM killer) is started again with the same command line after a
 * back-off (1 s, doubling to 30 s while it keeps dying within a minute of its start). A service that never became
 * ready fails the system's start instead: that is a configuration error, and restarting would hide it.
 */
final class ServiceProcess implements Service {

    private static final Logger logger = LoggerFactory.getLogger(ServiceProcess.class);
    /** Spring Boot's own start-up line: the context is refreshed, web server and Axon processors started. */
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds");
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Up for this long, a JVM that dies is a new failure, not the same one again: the back-off starts over. */
    private static final Duration STABLE = Duration.ofMinutes(1);

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Process process;
    private volatile boolean stopRequested;
    private volatile boolean everReady;
    private volatile int restarts;
    private Duration backoff = FIRST_BACKOFF;
    private long started;

    ServiceProcess(String name, Path jar, List<String> jvmOptions, List<String> args, Path agentJar, Path logDir) {
        this(name, List.of("-jar", jar.toString()), jvmOptions, args, agentJar, logDir);
    }

    /** {@code program}: what follows the JVM options, {@code -jar <jar>} or {@code -cp <class path> <main class>}. */
    ServiceProcess(String name, List<String> program, List<String> jvmOptions, List<String> args, Path agentJar,
                   Path logDir) {
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
        cmd.add("-javaagent:" + agentJar);
        cmd.addAll(program);
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Alive and ready (Spring Boot started) in its current incarnation. */
    @Override
    public boolean isReady() {
        CompletableFuture<Void> current = ready;
        return isAlive() && current.isDone() && !current.isCompletedExceptionally();
    }

    /** How often the supervisor has started it again. */
    @Override
    public int restarts() {
        return restarts;
    }

    @Override
    public void start() {
        logger.info("Starting {} (log: {})", name, logFile);
        launch(false);
    }

    private synchronized void launch(boolean appendLog) {
        started = System.nanoTime();
        CompletableFuture<Void> incarnationReady = ready;
        Process launched;
        BufferedWriter log;
        try {
            Files.createDirectories(logFile.getParent());
            log = appendLog ? Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND) : Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            launched = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
        process = launched;
        Thread pump = Thread.ofPlatform().daemon().name(name + "-output")
                .start(() -> pumpOutput(launched, log, incarnationReady));
        launched.onExit().thenRun(() -> exited(launched, pump, incarnationReady));
    }

    private void exited(Process exited, Thread pump, CompletableFuture<Void> incarnationReady) {
        try {
            pump.join(Duration.ofSeconds(5)); // the last lines explain the exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = name + " exited with code " + exited.exitValue();
        incarnationReady.completeExceptionally(new IllegalStateException(why + " before it was ready. Last lines of "
                + logFile + ":\n" + tail()));
        if (stopRequested || !everReady) {
            return;
        }
        Duration delay;
        synchronized (this) {
            boolean wasStable = System.nanoTime() - started > STABLE.toNanos();
            backoff = wasStable ? FIRST_BACKOFF : backoff;
            delay = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        logger.warn("{} without being asked to; starting it again in {} s (restart {}). Last lines of {}:\n{}", why,
                delay.toSeconds(), restarts + 1, logFile, tail(10));
        Thread.ofPlatform().daemon().name(name + "-restart").start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            restart();
        });
    }

    private synchronized void restart() {
        if (stopRequested) {
            return;
        }
        restarts++;
        ready = new CompletableFuture<>();
        CompletableFuture<Void> incarnationReady = ready;
        long restartedAt = System.nanoTime();
        try {
            launch(true);
        } catch (RuntimeException e) {
            logger.error("{} could not be started again; the supervisor gives it up", name, e);
            return;
        }
        incarnationReady.thenRun(() -> logger.warn("{} is back after {} s (restart {})", name,
                Duration.ofNanos(System.nanoTime() - restartedAt).toSeconds(), restarts));
    }

    private void pumpOutput(Process source, BufferedWriter out, CompletableFuture<Void> incarnationReady) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(source.getInputStream(), StandardCharsets.UTF_8));
             out) {
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
                if (!incarnationReady.isDone() && STARTED.matcher(line).find()) {
                    everReady = true;
                    incarnationReady.complete(null);
                }
            }
        } catch (IOException e) {
            logger.debug("Output of {} ended", name, e);
        }
    }

    private String tail() {
        return tail(Integer.MAX_VALUE);
    }

    private String tail(int lines) {
        synchronized (lastLines) {
            return String.join("\n", lastLines.stream().skip(Math.max(0, lastLines.size() - lines)).toList());
        }
    }

    @Override
    public void awaitReady(Duration timeout) {
        Service.awaitStart(name, ready, started, timeout, () -> "Last lines of " + logFile + ":\n" + tail());
    }

    /** Asks the JVM to stop (SIGTERM: Spring closes its context), without waiting; the supervisor lets it go. */
    @Override
    public synchronized void requestStop() {
        stopRequested = true;
        Process process = this.process;
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits for the stop asked by {@link #requestStop()}; kills the JVM when it takes longer than {@code grace}. */
    @Override
    public void awaitStop(Duration grace) {
        Process process = this.process; // after requestStop() no restart launches another
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
