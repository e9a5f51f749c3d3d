package io.axoncommerce.launcher;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.LoggerFactory;

/**
 * One service of the system as the launcher runs it: a child JVM ({@link ServiceProcess}, the {@code processes}
 * topology) or an application context inside the launcher's JVM ({@link InProcessService}, the default).
 */
interface Service {

    String name();

    /** Starts it without waiting for it to be ready. */
    void start();

    /** Waits until it is ready; fails with its last log lines when it stopped or took longer than {@code timeout}. */
    void awaitReady(Duration timeout);

    /** Running and ready in its current incarnation. */
    boolean isReady();

    /** Its JVM runs (for an in-process service: its context is open). */
    boolean isAlive();

    /** The process id of the JVM it runs in. */
    long pid();

    /** How often the supervisor has started it again. */
    int restarts();

    /** Asks it to stop without waiting; it will not be started again. */
    void requestStop();

    /** Waits for the stop asked by {@link #requestStop()}, forcing it after {@code grace}. */
    void awaitStop(Duration grace);

    /**
     * The wait of {@link #awaitReady}: a start that failed throws its own exception, one that takes longer than
     * {@code timeout} fails saying where to look ({@code whereToLook}).
     */
    static void awaitStart(String name, CompletableFuture<Void> ready, long startedNanos, Duration timeout,
                           Supplier<String> whereToLook) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LoggerFactory.getLogger(Service.class).info("{} ready after {} s", name,
                    Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not start within " + timeout.toSeconds() + " s. "
                    + whereToLook.get());
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }
}
