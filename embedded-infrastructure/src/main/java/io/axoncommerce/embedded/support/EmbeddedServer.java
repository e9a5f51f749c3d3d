package io.axoncommerce.embedded.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What every embedded server shares of starting and stopping: the checks before a start (not started yet, a fixed port
 * free), the time a start took, the check that the server is started, its data directory (the configured one, or a
 * temporary one that {@link #close()} deletes), and the JVM shutdown hook that stops the server when the JVM exits
 * without {@code close()} (Ctrl-C) and that {@code close()} removes again. What starting, being ready and stopping
 * mean stays with each server ({@link #start()}, {@link #stop()}); they and {@code close()} hold the server's lock,
 * under which these helpers run.
 *
 * @param <S> the server, as its {@link #start()} returns it
 */
public abstract class EmbeddedServer<S extends EmbeddedServer<S>> implements AutoCloseable {

    protected final ServerOptions options;
    private final String component;
    private final String hookThreadName;
    private Thread shutdownHook;
    private DataDirectory dataDirectory;
    private long began;
    private Duration startupTime;

    /**
     * @param component      the server's name in messages, e.g. {@code Kafka}
     * @param hookThreadName the name of the shutdown hook's thread
     */
    protected EmbeddedServer(String component, ServerOptions options, String hookThreadName) {
        this.component = Objects.requireNonNull(component);
        this.options = Objects.requireNonNull(options);
        this.hookThreadName = Objects.requireNonNull(hookThreadName);
    }

    /** Starts the server and blocks until it answers; fails with a clear message after a timeout. */
    public abstract S start();

    /**
     * Stops the server (the shutdown hook is not needed any more) and deletes a temporary data directory. A server
     * that is not started is left as it is.
     */
    @Override
    public final synchronized void close() {
        removeShutdownHook();
        stop();
        if (dataDirectory != null) {
            dataDirectory.release();
            dataDirectory = null;
        }
    }

    /** Stops the server (or its process) if {@link #start()} made it, and forgets it. */
    protected abstract void stop();

    /** Whether {@link #start()} made the server (or its process) and {@link #close()} has not released it yet. */
    protected abstract boolean started();

    /** What the shutdown hook runs when the JVM exits without {@link #close()}: {@code close()} itself by default. */
    protected void stopOnJvmExit() {
        close();
    }

    public synchronized boolean isRunning() {
        return started();
    }

    /** The data directory in use: the configured one, or the temporary one of this run. */
    public Path dataDirectory() {
        requireStarted();
        return dataDirectory.path();
    }

    /** How long the last start took; null before the first one is done. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * A start begins: refuses a server that is started already, and a fixed port that is taken (naming the property to
     * change). Returns {@link System#nanoTime()} at the beginning, which the start's timeout counts from.
     */
    protected final long beginStart() {
        if (started()) {
            throw new IllegalStateException("already started");
        }
        began = System.nanoTime();
        Ports.requireFree(component, options.port(), options.portProperty());
        return began;
    }

    /** Opens the configured data directory, or a temporary one (named {@code tempPrefix...}) that close() deletes. */
    protected final Path openDataDirectory(String tempPrefix) {
        dataDirectory = DataDirectory.of(options.dataDirectory(), tempPrefix);
        return dataDirectory.path();
    }

    /** Installs the shutdown hook, if the options ask for one. */
    protected final void installShutdownHook() {
        if (options.shutdownHook() && shutdownHook == null) {
            shutdownHook = new Thread(this::stopOnJvmExit, hookThreadName);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** The start is done: returns how long it took since {@link #beginStart()}. */
    protected final Duration ready() {
        startupTime = Duration.ofNanos(System.nanoTime() - began);
        return startupTime;
    }

    protected final void requireStarted() {
        if (!started()) {
            throw new IllegalStateException(component + " is not started");
        }
    }

    /**
     * Nothing to remove when called from the hook itself, or when the JVM is already shutting down (the hook runs
     * anyway and finds the server stopped).
     */
    private void removeShutdownHook() {
        Thread installed = shutdownHook;
        shutdownHook = null;
        if (installed == null || Thread.currentThread() == installed) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(installed);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway and finds the server stopped
        }
    }
}
