package io.axoncommerce.embedded.support;

import java.util.Objects;

/**
 * A JVM shutdown hook that stops an embedded server when the JVM exits without the server's {@code close()} (Ctrl-C),
 * and that {@code close()} removes again. Called under the server's own lock.
 */
public final class ShutdownHook {

    private final String threadName;
    private final Runnable stop;
    private Thread thread;

    public ShutdownHook(String threadName, Runnable stop) {
        this.threadName = Objects.requireNonNull(threadName);
        this.stop = Objects.requireNonNull(stop);
    }

    public synchronized void install() {
        if (thread == null) {
            thread = new Thread(stop, threadName);
            Runtime.getRuntime().addShutdownHook(thread);
        }
    }

    /**
     * The server is being stopped by {@code close()}: the hook is not needed any more. Nothing to remove when called from
     * the hook itself, or when the JVM is already shutting down (the hook runs anyway and finds the server stopped).
     */
    public synchronized void remove() {
        Thread installed = thread;
        thread = null;
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
