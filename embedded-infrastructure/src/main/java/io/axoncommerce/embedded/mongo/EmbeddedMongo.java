package io.axoncommerce.embedded.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.axoncommerce.embedded.support.EmbeddedServer;
import io.axoncommerce.embedded.support.EmbeddedServerBuilder;
import io.axoncommerce.embedded.support.PortInUseException;
import io.axoncommerce.embedded.support.ServerOptions;

/**
 * A MongoDB stand-in (mongo-java-server) on 127.0.0.1: in memory, or in an H2 MVStore file under a data directory so
 * data survives a clean restart. Limits: no transactions or sessions, no {@code $text}, non-unique secondary indexes
 * are ignored. A write is committed to the H2 file before it is acknowledged ({@link CommittingH2Backend}), so it
 * survives a SIGKILL of this JVM.
 */
public final class EmbeddedMongo extends EmbeddedServer<EmbeddedMongo> {

    public static final String DEFAULT_PORT_PROPERTY = "axon-commerce.embedded.mongo.port";
    /** The H2 file inside the data directory. */
    public static final String DATABASE_FILE = "mongo.mv";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
    private static final String COMPONENT = "MongoDB (mongo-java-server)";

    private MongoServer server;
    private InetSocketAddress address;

    private EmbeddedMongo(ServerOptions options) {
        // the shutdown hook closes the H2 file cleanly (Ctrl-C), which also compacts it
        super(COMPONENT, options, "embedded-mongo-stop");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized EmbeddedMongo start() {
        beginStart();
        MongoBackend backend = backend();
        MongoServer candidate = new MongoServer(backend);
        try {
            candidate.bind("127.0.0.1", options.port());
        } catch (RuntimeException e) {
            candidate.shutdownNow();
            throw PortInUseException.ifBindFailed(e, COMPONENT, options.port(), options.portProperty());
        }
        server = candidate;
        address = server.getLocalAddress();
        installShutdownHook();
        Duration startupTime = ready();
        log.info("MongoDB stand-in ready on {} ({}) in {} ms", connectionString(),
                options.dataDirectory() == null ? "memory" : databaseFile(), startupTime.toMillis());
        return this;
    }

    private MongoBackend backend() {
        if (options.dataDirectory() == null) {
            return new MemoryBackend();
        }
        try {
            Files.createDirectories(options.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create MongoDB data directory " + options.dataDirectory(), e);
        }
        // one process per file: H2 locks it, and the error names the file when another process holds it
        return CommittingH2Backend.open(databaseFile().toString());
    }

    private Path databaseFile() {
        return options.dataDirectory().resolve(DATABASE_FILE);
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

    /** The data directory holding the H2 file, or null for the memory backend; known before the start. */
    @Override
    public Path dataDirectory() {
        return options.dataDirectory();
    }

    @Override
    protected boolean started() {
        return server != null;
    }

    /** Closes client connections and the backend; the H2 file is committed and closed, memory data is gone. */
    @Override
    protected void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    /** The common options ({@link EmbeddedServerBuilder}); a data directory keeps the data in an H2 file. */
    public static final class Builder extends EmbeddedServerBuilder<Builder, EmbeddedMongo> {

        private Builder() {
            super(DEFAULT_PORT_PROPERTY);
        }

        @Override
        public EmbeddedMongo build() {
            return new EmbeddedMongo(options());
        }
    }
}
