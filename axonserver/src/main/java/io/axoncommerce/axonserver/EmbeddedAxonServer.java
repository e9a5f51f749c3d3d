package io.axoncommerce.axonserver;

import com.sun.net.httpserver.HttpServer;
import io.axoncommerce.axonserver.command.CommandService;
import io.axoncommerce.axonserver.eventstore.EventSchedulerService;
import io.axoncommerce.axonserver.eventstore.EventStoreService;
import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoncommerce.axonserver.eventstore.storage.RocksDbEventStorage;
import io.axoncommerce.axonserver.grpc.ContextInterceptor;
import io.axoncommerce.axonserver.grpc.RemoteAddressInterceptor;
import static io.axoncommerce.axonserver.grpc.MalformedMessageGuard.guard;
import io.axoncommerce.axonserver.platform.PlatformService;
import io.axoncommerce.axonserver.query.QueryService;
import io.axoncommerce.axonserver.security.AccessTokenInterceptor;
import io.axoniq.axonserver.grpc.control.NodeInfo;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole server without Spring: storage, the gRPC services Axon Framework uses, and optionally a minimal HTTP
 * health endpoint. The launcher and other modules' tests start it directly; the Spring Boot application wraps the
 * same object.
 *
 * <pre>{@code
 * try (EmbeddedAxonServer server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dir).build().start()) {
 *     String servers = "localhost:" + server.grpcPort();
 * }
 * }</pre>
 */
public final class EmbeddedAxonServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedAxonServer.class);

    private final Builder settings;
    private EventStorage storage;
    private ScheduledExecutorService timer;
    private ExecutorService streamExecutor;
    private Server grpcServer;
    private HttpServer httpServer;
    private PlatformService platformService;
    private CommandService commandService;
    private QueryService queryService;
    private EventSchedulerService eventScheduler;
    private EventStoreService eventStoreService;

    private EmbeddedAxonServer(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the storage and starts listening. Returns this server, so it can be chained after {@code build()}. */
    public synchronized EmbeddedAxonServer start() {
        if (grpcServer != null) {
            throw new IllegalStateException("Already started");
        }
        try {
            storage = RocksDbEventStorage.open(settings.eventStorage, settings.snapshotStorage);
            timer = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("axonserver-timer-", 0)
                                                              .daemon().factory());
            // event streams block on storage reads; a virtual thread each keeps a thousand streams cheap
            streamExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("axonserver-stream-", 0)
                                                                      .factory());
            httpServer = settings.httpPort < 0 ? null : startHttp();
            int advertisedHttp = httpServer != null ? httpServer.getAddress().getPort()
                    : Math.max(settings.advertisedHttpPort, 0);

            eventScheduler = new EventSchedulerService(storage, timer, Clock.systemUTC());
            commandService = new CommandService(settings.name, timer, settings.commandTimeout);
            queryService = new QueryService(settings.name, timer, settings.queryTimeout);
            eventStoreService = new EventStoreService(storage, streamExecutor, settings.maxMessageSize * 16L);
            // the node info is read per call: with port 0 the bound port is known only after start
            platformService = new PlatformService(() -> NodeInfo.newBuilder()
                                                                .setHostName(settings.hostname)
                                                                .setGrpcPort(grpcPort())
                                                                .setHttpPort(advertisedHttp)
                                                                .setNodeName(settings.name)
                                                                .build(),
                                                  Duration.ofSeconds(30));
            NettyServerBuilder builder =
                    NettyServerBuilder.forAddress(new InetSocketAddress(settings.bindAddress, settings.grpcPort))
                                      .maxInboundMessageSize(settings.maxMessageSize)
                                      // Axon clients ping every second, also without calls in flight; grpc's
                                      // default policy (5 min) answers that with GOAWAY "too_many_pings"
                                      .permitKeepAliveTime(500, TimeUnit.MILLISECONDS)
                                      .permitKeepAliveWithoutCalls(true)
                                      // find dead clients, so their pending commands fail instead of hanging
                                      .keepAliveTime(30, TimeUnit.SECONDS)
                                      .keepAliveTimeout(10, TimeUnit.SECONDS)
                                      .addService(guard(eventStoreService))
                                      .addService(guard(eventScheduler))
                                      .addService(guard(commandService))
                                      .addService(guard(queryService))
                                      .addService(guard(platformService))
                                      .intercept(new ContextInterceptor())
                                      .intercept(new RemoteAddressInterceptor());
            settings.interceptors.forEach(builder::intercept);
            if (settings.accessToken != null) {
                // added last, so it runs first: nothing is looked at before the caller is authenticated
                builder.intercept(new AccessTokenInterceptor(settings.accessToken));
            }
            grpcServer = builder.build().start();
            eventScheduler.start();
            warnWhenExposed();
            logger.info("Axon Server '{}' ready: gRPC port {}, HTTP port {}, events in {}, snapshots in {}, "
                                + "access control {}", settings.name, grpcServer.getPort(),
                        httpServer != null ? String.valueOf(advertisedHttp)
                                : (advertisedHttp > 0 ? advertisedHttp + " (Spring)" : "none"),
                        settings.eventStorage.toAbsolutePath(), settings.snapshotStorage.toAbsolutePath(),
                        settings.accessToken != null ? "enabled" : "disabled");
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot start Axon Server on gRPC port " + settings.grpcPort, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The standalone server keeps Axon Server's default of listening on every interface, which scripts rely on. Open
     * to the network without access control, anyone who reaches the port reads every event, sends commands and
     * answers in the applications' place, so that combination is announced where an operator looks first.
     */
    private void warnWhenExposed() {
        if (settings.accessToken == null && !isLoopback(settings.bindAddress)) {
            logger.warn("""

                    ********************************************************************************************
                     Axon Server listens on {} (gRPC port {}) WITHOUT access control. Anyone who can reach this
                     host can read every event, dispatch commands and register as a handler. Bind to loopback
                     (server.address=127.0.0.1) or set axoniq.axonserver.accesscontrol.enabled=true with
                     axoniq.axonserver.accesscontrol.token.
                    ********************************************************************************************""",
                        settings.bindAddress, grpcServer.getPort());
        }
    }

    /** Whether a literal address (or a host name) is a loopback address; the wildcard address is not. */
    public static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private HttpServer startHttp() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.bindAddress, settings.httpPort), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    public int grpcPort() {
        requireStarted();
        return grpcServer.getPort();
    }

    /** The HTTP port this object serves, or -1 when it serves none (Spring Boot serves HTTP itself). */
    public int httpPort() {
        requireStarted();
        return httpServer == null ? -1 : httpServer.getAddress().getPort();
    }

    public String name() {
        return settings.name;
    }

    public EventStorage storage() {
        requireStarted();
        return storage;
    }

    public PlatformService platform() {
        requireStarted();
        return platformService;
    }

    public CommandService commands() {
        requireStarted();
        return commandService;
    }

    public QueryService queries() {
        requireStarted();
        return queryService;
    }

    public EventStoreService eventStore() {
        requireStarted();
        return eventStoreService;
    }

    public EventSchedulerService eventScheduler() {
        requireStarted();
        return eventScheduler;
    }

    private void requireStarted() {
        if (grpcServer == null) {
            throw new IllegalStateException("Axon Server is not started");
        }
    }

    public void stop() {
        close();
    }

    /** Stops accepting calls, ends open streams, and closes the storage. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (grpcServer != null) {
            grpcServer.shutdown();
            try {
                // event streams never end by themselves: give calls in flight a moment, then cut the rest
                if (!grpcServer.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                    grpcServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                grpcServer.shutdownNow();
            }
            grpcServer = null;
            logger.info("Axon Server '{}' stopped", settings.name);
        }
        if (httpServer != null) {
            httpServer.stop(0);
            httpServer = null;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (streamExecutor != null) {
            streamExecutor.shutdownNow();
            try {
                streamExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            streamExecutor = null;
        }
        if (storage != null) {
            storage.close();
            storage = null;
        }
    }

    /**
     * Settings, with the defaults of the standalone server, except the ports (which tests usually set to 0) and the
     * address: an embedded server listens on loopback unless told otherwise.
     */
    public static final class Builder {

        private int grpcPort = 8124;
        private int httpPort = -1;
        private int advertisedHttpPort = -1;
        private String bindAddress = "127.0.0.1";
        private String name = "axonserver";
        private String hostname = "localhost";
        private Path eventStorage = Path.of("data", "events");
        private Path snapshotStorage = Path.of("data", "snapshots");
        private String accessToken;
        private int maxMessageSize = 4 * 1024 * 1024;
        private Duration commandTimeout = Duration.ofMinutes(5);
        private Duration queryTimeout = Duration.ofMinutes(5);
        private final List<ServerInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** gRPC port; 0 picks a free one (read it back with {@link #grpcPort()}). */
        public Builder grpcPort(int port) {
            this.grpcPort = requirePort(port);
            return this;
        }

        /** Serve a minimal HTTP health endpoint ({@code /actuator/health}) on this port; 0 picks a free one. */
        public Builder httpPort(int port) {
            this.httpPort = requirePort(port);
            return this;
        }

        /** No HTTP endpoint (the default). */
        public Builder noHttp() {
            this.httpPort = -1;
            return this;
        }

        /** The HTTP port to advertise to clients when another component (Spring Boot) serves HTTP. */
        public Builder advertisedHttpPort(int port) {
            this.advertisedHttpPort = port;
            return this;
        }

        /** The address the gRPC (and the minimal HTTP) listener binds; {@code 0.0.0.0} is every interface. */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /** The host name clients are told to connect to. */
        public Builder hostname(String hostname) {
            this.hostname = Objects.requireNonNull(hostname);
            return this;
        }

        /** Stores events in {@code dir/events} and snapshots in {@code dir/snapshots}. */
        public Builder dataDirectory(Path dir) {
            this.eventStorage = dir.resolve("events");
            this.snapshotStorage = dir.resolve("snapshots");
            return this;
        }

        public Builder eventStorage(Path dir) {
            this.eventStorage = Objects.requireNonNull(dir);
            return this;
        }

        public Builder snapshotStorage(Path dir) {
            this.snapshotStorage = Objects.requireNonNull(dir);
            return this;
        }

        /** Requires every call to carry this token in {@code AxonIQ-Access-Token}; {@code null} turns that off. */
        public Builder accessToken(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("access token must not be blank");
            }
            this.accessToken = token;
            return this;
        }

        /** Largest gRPC message accepted, in bytes (one event, one command, one query). */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("max message size must be at least 1024 bytes");
            }
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = requirePositive(timeout);
            return this;
        }

        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = requirePositive(timeout);
            return this;
        }

        /**
         * Sees every gRPC call after the access check (tests and benchmarks count the messages on the wire with
         * one).
         */
        public Builder interceptor(ServerInterceptor interceptor) {
            this.interceptors.add(Objects.requireNonNull(interceptor));
            return this;
        }

        public EmbeddedAxonServer build() {
            return new EmbeddedAxonServer(this);
        }

        private static int requirePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            return port;
        }

        private static Duration requirePositive(Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            return duration;
        }
    }
}
