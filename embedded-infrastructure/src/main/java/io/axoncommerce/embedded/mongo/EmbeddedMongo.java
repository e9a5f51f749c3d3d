package io.axoncommerce.embedded.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.axoncommerce.embedded.support.PortInUseException;
import io.axoncommerce.embedded.support.Ports;

/**
 * A MongoDB stand-in (mongo-java-server) on 127.0.0.1: in memory, or in an H2 MVStore file under a data directory so
 * data survives a clean restart. Limits: no transactions or sessions, no {@code $text}, non-unique secondary indexes
 * are ignored, and the H2 file loses writes not yet committed when the process is killed with SIGKILL.
 */
public final class EmbeddedMongo implements AutoCloseable {

    public static final String DEFAULT_PORT_PROPERTY = "axon-commerce.embedded.mongo.port";
    /** The H2 file inside the data directory. */
    public static final String DATABASE_FILE = "mongo.mv";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final Builder config;
    private MongoServer server;
    private InetSocketAddress address;
    private Duration startupTime;
    private Thread shutdownHook;

    private EmbeddedMongo(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    public synchronized EmbeddedMongo start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        long began = System.nanoTime();
        Ports.requireFree("MongoDB (mongo-java-server)", config.port, config.portProperty);
        MongoBackend backend = backend();
        MongoServer candidate = new MongoServer(backend);
        try {
            candidate.bind("127.0.0.1", config.port);
        } catch (RuntimeException e) {
            candidate.shutdownNow();
            if (hasCause(e, BindException.class)) {
                throw new PortInUseException("MongoDB (mongo-java-server)", config.port, config.portProperty, e);
            }
            throw e;
        }
        server = candidate;
        address = server.getLocalAddress();
        // an H2 file keeps only committed writes: close it cleanly when the JVM exits without close() (Ctrl-C)
        if (config.shutdownHook) {
            shutdownHook = new Thread(this::close, "embedded-mongo-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - began);
        log.info("MongoDB stand-in ready on {} ({}) in {} ms", connectionString(),
                config.dataDirectory == null ? "memory" : databaseFile(), startupTime.toMillis());
        return this;
    }

    private MongoBackend backend() {
        if (config.dataDirectory == null) {
            return new MemoryBackend();
        }
        try {
            Files.createDirectories(config.dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create MongoDB data directory " + config.dataDirectory, e);
        }
        // one process per file: H2 locks it, and the error names the file when another process holds it
        return new H2Backend(databaseFile().toString());
    }

    private Path databaseFile() {
        return config.dataDirectory.resolve(DATABASE_FILE);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    public int port() {
        requireStarted();
        return address.getPort();
    }

    /** {@code mongodb://127.0.0.1:<port>}, for {@code spring.data.mongodb.uri} (append a database name as needed). */
    public String connectionString() {
        requireStarted();
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    /** The data directory holding the H2 file, or null for the memory backend. */
    public Path dataDirectory() {
        return config.dataDirectory;
    }

    public Duration startupTime() {
        return startupTime;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("MongoDB stand-in is not started");
        }
    }

    /** Closes client connections and the backend; the H2 file is committed and closed, memory data is gone. */
    @Override
    public synchronized void close() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and finds the server closed
            }
        }
        shutdownHook = null;
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    public static final class Builder {
        private int port;
        private String portProperty = DEFAULT_PORT_PROPERTY;
        private Path dataDirectory;
        private boolean shutdownHook = true;

        private Builder() {
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            Ports.checkRange(port, portProperty);
            this.port = port;
            return this;
        }

        public Builder portProperty(String portProperty) {
            this.portProperty = Objects.requireNonNull(portProperty);
            return this;
        }

        /** Persist in an H2 file under this directory; null (the default) keeps everything in memory. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory == null ? null : dataDirectory.toAbsolutePath();
            return this;
        }

        /**
         * Stop the server from a JVM shutdown hook when the JVM exits without {@code close()} (default true). Spring
         * contexts turn it off: their own shutdown hook closes the server after the beans that use it.
         */
        public Builder shutdownHook(boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        public EmbeddedMongo build() {
            return new EmbeddedMongo(this);
        }

        public EmbeddedMongo start() {
            return build().start();
        }
    }
}
