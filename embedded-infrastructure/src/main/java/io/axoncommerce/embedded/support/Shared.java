package io.axoncommerce.embedded.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One lease on an embedded server shared by every Spring context of this class loader that asks for the same kind of
 * server on the same data directory (a test JVM caches several contexts; the launcher gives its services the
 * addresses of its own servers, so they start none). The server starts with the first lease and stops when the last
 * lease is closed.
 * <p>
 * The first request decides the settings (port, heap, ...); a later request for the same server that names a
 * different fixed port fails instead of silently getting another one.
 */
public final class Shared<T extends AutoCloseable> implements AutoCloseable {

    private static final Map<String, Entry> REGISTRY = new HashMap<>();

    private final String key;
    private final T instance;
    private boolean closed;

    private Shared(String key, T instance) {
        this.key = key;
        this.instance = instance;
    }

    /**
     * Takes a lease on the server of this kind and data directory, starting it with {@code starter} if none runs.
     *
     * @param dataDirectory null for a temporary (unnamed) directory: all such requests share one server
     * @param requestedPort the fixed port asked for, or 0
     * @param actualPort    reads the port of a running instance, to check a fixed port request against it
     */
    @SuppressWarnings("unchecked")
    public static <T extends AutoCloseable> Shared<T> acquire(String kind, Path dataDirectory, int requestedPort,
                                                              java.util.function.ToIntFunction<T> actualPort,
                                                              Supplier<T> starter) {
        String key = kind + "@" + (dataDirectory == null ? "<temporary>" : dataDirectory.toAbsolutePath().normalize());
        synchronized (REGISTRY) {
            Entry entry = REGISTRY.get(key);
            if (entry == null) {
                entry = new Entry(starter.get());
                REGISTRY.put(key, entry);
            } else if (requestedPort != 0 && actualPort.applyAsInt((T) entry.instance) != requestedPort) {
                throw new IllegalStateException("%s is already running in this JVM on port %d for %s; port %d cannot be used for the same data directory"
                        .formatted(kind, actualPort.applyAsInt((T) entry.instance), key, requestedPort));
            }
            entry.leases++;
            return new Shared<>(key, (T) entry.instance);
        }
    }

    public T get() {
        return instance;
    }

    /** Returns the lease; the server stops when no lease is left. */
    @Override
    public void close() throws Exception {
        AutoCloseable toClose = null;
        synchronized (REGISTRY) {
            if (closed) {
                return;
            }
            closed = true;
            Entry entry = REGISTRY.get(key);
            if (entry != null && entry.instance == instance && --entry.leases == 0) {
                REGISTRY.remove(key);
                toClose = entry.instance;
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /** How many leases are out on this server, for tests and diagnostics. */
    public static int leases(String kind, Path dataDirectory) {
        String key = kind + "@" + (dataDirectory == null ? "<temporary>" : dataDirectory.toAbsolutePath().normalize());
        synchronized (REGISTRY) {
            Entry entry = REGISTRY.get(key);
            return entry == null ? 0 : entry.leases;
        }
    }

    private static final class Entry {
        final AutoCloseable instance;
        int leases;

        Entry(AutoCloseable instance) {
            this.instance = Objects.requireNonNull(instance);
        }
    }
}
