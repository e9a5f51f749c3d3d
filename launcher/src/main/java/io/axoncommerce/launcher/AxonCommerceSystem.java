package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.axoncommerce.embedded.elasticsearch.EmbeddedElasticsearch;
import io.axoncommerce.embedded.kafka.EmbeddedKafka;
import io.axoncommerce.embedded.mongo.EmbeddedMongo;
import io.axoncommerce.security.LocalSigningKey;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The whole system on one machine: MongoDB (mongo-java-server, H2 file), Kafka (KRaft) and an
 * Elasticsearch node (its own JVM) from {@code embedded-infrastructure}, an SMTP/IMAP server (GreenMail), then every
 * service from its executable jar with the infrastructure's addresses on its command line, so none starts embedded
 * copies of its own: by default each as an application context in this JVM ({@link InProcessService}), with
 * {@code --topology=processes} each in a child JVM ({@link ServiceProcess}). {@link #close()} stops the services
 * first, then the infrastructure.
 * <p>
 * A child JVM or the Elasticsearch node that dies once the system is up is started again, like
 * {@code restart: unless-stopped} in docker-compose; with {@code --topology=processes} so is the JVM of Mongo and Kafka
 * ({@link InfrastructureMain}). GreenMail, and in one JVM Mongo and Kafka, live in this JVM: they die only with it,
 * and the children follow ({@link ParentWatchAgent}).
 */
public final class AxonCommerceSystem implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(AxonCommerceSystem.class);
    /** The name {@link #pidOf}, {@link #isUp} and {@link #restarts} know the Elasticsearch node by. */
    public static final String ELASTICSEARCH = "elasticsearch";
    /** The JVM of Mongo and Kafka in {@code --topology=processes} ({@link InfrastructureMain}), for the same. */
    public static final String INFRASTRUCTURE = "infrastructure";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration ELASTICSEARCH_CHECK = Duration.ofSeconds(2);
    /**
     * The API services validate tokens signed with the documented local key, and the gateway mints them
     * ({@code POST /api/local/tokens}): the embedded default is for development, without an identity provider.
     */
    private static final String LOCAL_PROFILE = "--spring.profiles.active=local";
    /**
     * The dashboard's admin token lives as long as a system may run, since nothing renews it. That adds no exposure:
     * it is signed with the documented local key, with which anyone on this machine can mint the same token.
     */
    private static final Duration DASHBOARD_TOKEN_LIFETIME = Duration.ofDays(365);

    private final LauncherSettings settings;
    private final List<Service> services = new ArrayList<>();
    private EmbeddedMongo mongo;
    private GreenMail mail;
    private EmbeddedKafka kafka;
    private volatile EmbeddedElasticsearch elasticsearch;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger elasticsearchRestarts =
            new java.util.concurrent.atomic.AtomicInteger();
    private Thread elasticsearchSupervisor;

    private AxonCommerceSystem(LauncherSettings settings) {
        this.settings = settings;
    }

    /**
     * Checks the ports, then starts everything and returns when every service is ready. On failure everything started
     * so far is stopped again.
     */
    public static AxonCommerceSystem start(LauncherSettings requested) {
        Ports.requireFree(requested.ports());
        if (requested.reset()) {
            wipe(requested.dataDir());
        }
        Map<String, Integer> chosen = new LinkedHashMap<>();
        requested.ports().forEach((name, port) -> chosen.put(name, port == 0 ? Ports.pickFree() : port));
        AxonCommerceSystem system = new AxonCommerceSystem(requested.withPorts(chosen));
        try {
            system.startAll();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startAll() {
        Path data = settings.dataDir();
        Path logs = data.resolve("logs");
        Path agent = null;
        if (settings.topology() == LauncherSettings.Topology.PROCESSES) {
            agent = ParentWatchJar.write(data.resolve("run"));
        } else {
            InProcessService.isolateJavaUtilLogging();
        }
        // Axon Server first (every service connects to it); its start overlaps with the infrastructure's
        List<String> axonServerArgs = new ArrayList<>(List.of(
                "--server.address=127.0.0.1", // gRPC too (AxonServerConfiguration)
                "--server.port=" + settings.port("axonserver.http-port"),
                "--axoniq.axonserver.port=" + settings.port("axonserver.grpc-port"),
                "--axoniq.axonserver.hostname=localhost",
                "--axoniq.axonserver.event.storage=" + data.resolve("axonserver/events"),
                "--axoniq.axonserver.snapshot.storage=" + data.resolve("axonserver/snapshots")));
        axonServerArgs.addAll(dashboardAdminApi());
        Service axonServer = service(Services.AXONSERVER, agent, logs, axonServerArgs);
        axonServer.start();

        // Elasticsearch (its own JVM) and Kafka take longest: the services that need neither start meanwhile. On
        // threads of our own, not the common pool: a new thread inherits this one's context class loader, which in
        // the executable jar is the one that sees its nested libraries, and Kafka loads classes by name through it
        // (from a common-pool thread the broker failed with "UniformAssignor cannot be found").
        Executor startThreads = task -> Thread.ofPlatform().name("infrastructure-start").start(task);
        CompletableFuture<EmbeddedElasticsearch> es = CompletableFuture.supplyAsync(this::startElasticsearch,
                startThreads);
        // In processes, Mongo and Kafka get a JVM of their own, as they get containers in docker-compose: supervised
        // like a service, and a test can kill them apart from the rest. In one JVM they share the launcher's.
        Service infrastructure = null;
        CompletableFuture<EmbeddedKafka> kafkaStart = CompletableFuture.completedFuture(null);
        if (settings.topology() == LauncherSettings.Topology.PROCESSES) {
            infrastructure = new ServiceProcess(INFRASTRUCTURE, InfrastructureMain.program(data.resolve("run")),
                    settings.jvmOptions(), List.of(String.valueOf(settings.port("mongo.port")),
                    data.resolve("mongo").toString(), String.valueOf(settings.port("kafka.port")),
                    data.resolve("kafka").toString()), agent, logs);
            services.add(infrastructure);
            infrastructure.start();
        } else {
            kafkaStart = CompletableFuture.supplyAsync(() -> InfrastructureMain.startKafka(settings.port("kafka.port"),
                    data.resolve("kafka")), startThreads);
        }
        logger.info("Starting MongoDB (mongo-java-server), Kafka and Elasticsearch in {}", data);
        List<Service> starting = new ArrayList<>();
        try {
            mail = new GreenMail(new ServerSetup[]{
                    new ServerSetup(settings.port("smtp.port"), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(settings.port("imap.port"), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
            mail.start();
            if (infrastructure == null) {
                mongo = InfrastructureMain.startMongo(settings.port("mongo.port"), data.resolve("mongo"));
            } else {
                infrastructure.awaitReady(settings.startTimeout());
            }
            axonServer.awaitReady(settings.startTimeout());

            String mongoUri = mongoConnectionString();
            List<String> common = new ArrayList<>(List.of(LOCAL_PROFILE,
                    "--axon.axonserver.servers=localhost:" + settings.port("axonserver.grpc-port"),
                    "--server.address=127.0.0.1",
                    // the production URIs below are set, so nothing embedded would start anyway; say it twice
                    "--axon-commerce.embedded.mongo.enabled=false",
                    "--axon-commerce.embedded.elasticsearch.enabled=false",
                    "--axon-commerce.embedded.kafka.enabled=false"));
            // with --axonserver.token the server requires it: every Axon client sends it
            settings.axonServerToken().ifPresent(token -> common.add("--axon.axonserver.token=" + token));
            starting.add(service(Services.COMMAND_SIDE, agent, logs, concat(common,
                    "--server.port=" + settings.port("command-side.port"))));
            starting.add(service(Services.PAYMENT_ADAPTER, agent, logs, concat(common,
                    "--server.port=" + settings.port("payment-adapter.port"),
                    "--spring.data.mongodb.uri=" + mongoUri,
                    "--payment.simulator.enabled=true",
                    // the simulated provider's ledger outlives the adapter, as a real provider's would
                    "--payment.simulator.data-dir=" + data.resolve("payment-simulator"))));
            starting.add(service(Services.GATEWAY, agent, logs, List.of(LOCAL_PROFILE,
                    "--server.address=127.0.0.1",
                    "--server.port=" + settings.port("gateway.port"),
                    "--gateway.services.command-side=" + local("command-side.port"),
                    "--gateway.services.query-side=" + local("query-side.port"),
                    "--gateway.services.payment-adapter=" + local("payment-adapter.port"),
                    "--gateway.services.kafka-bridge=" + local("kafka-bridge.port"),
                    "--gateway.services.notification-projector=" + local("notification-projector.port"),
                    "--gateway.services.saga=" + local("saga.port"))));
            // the saga may send commands before command-side and payment-adapter subscribed their handlers (e.g.
            // compensating an order that was in flight at a stop): it retries those for about two minutes
            // (CommandRetryConfiguration), so it starts with them
            starting.add(service(Services.SAGA, agent, logs, concat(common,
                    "--server.port=" + settings.port("saga.port"),
                    "--spring.data.mongodb.uri=" + mongoUri + "/axoncommerce")));
            starting.forEach(Service::start);

            elasticsearch = join(es);
            Service querySide = service(Services.QUERY_SIDE, agent, logs, concat(common,
                    "--server.port=" + settings.port("query-side.port"),
                    "--spring.data.mongodb.uri=" + mongoUri,
                    "--spring.elasticsearch.uris=" + elasticsearch.uri()));
            querySide.start();
            starting.add(querySide);

            kafka = join(kafkaStart);
            Service bridge = service(Services.KAFKA_BRIDGE, agent, logs, concat(common,
                    "--server.port=" + settings.port("kafka-bridge.port"),
                    "--spring.data.mongodb.uri=" + mongoUri,
                    "--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers()));
            bridge.start();
            starting.add(bridge);
            Service notifications = service(Services.NOTIFICATION_PROJECTOR, agent, logs, List.of(LOCAL_PROFILE,
                    "--server.address=127.0.0.1",
                    "--server.port=" + settings.port("notification-projector.port"),
                    "--spring.data.mongodb.uri=" + mongoUri,
                    "--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers(),
                    "--spring.mail.host=127.0.0.1",
                    "--spring.mail.port=" + settings.port("smtp.port"),
                    "--axon-commerce.embedded.mongo.enabled=false",
                    "--axon-commerce.embedded.kafka.enabled=false"));
            notifications.start();
            starting.add(notifications);

        } finally {
            // whatever failed, keep hold of what did start so close() stops it
            if (elasticsearch == null) {
                elasticsearch = es.exceptionally(e -> null).join();
            }
            if (kafka == null) {
                kafka = kafkaStart.exceptionally(e -> null).join();
            }
        }
        for (Service service : starting) {
            service.awaitReady(settings.startTimeout());
        }
        elasticsearchSupervisor = Thread.ofPlatform().daemon().name("elasticsearch-supervisor")
                .start(this::superviseElasticsearch);
    }

    /**
     * The dashboard shows what the platform protocol does not carry (dead letters, exact replay progress and ETA)
     * from the services' admin APIs, which it calls directly on loopback as an admin: query-side's for its
     * projections, the Kafka bridge's for its dead letters. The keys are the component names the services report to
     * Axon Server (their {@code spring.application.name}).
     */
    private List<String> dashboardAdminApi() {
        String prefix = "--axoniq.axonserver.dashboard.admin-api.";
        String querySide = local("query-side.port") + "/api/admin/processors/{processor}";
        String token = LocalSigningKey.of(LocalSigningKey.DEFAULT)
                .mint("axonserver-dashboard", List.of("admin"), DASHBOARD_TOKEN_LIFETIME);
        return List.of(prefix + "token=" + token,
                prefix + "components." + Services.QUERY_SIDE + ".status-url=" + querySide,
                prefix + "components." + Services.QUERY_SIDE + ".dead-letters-url=" + querySide + "/dead-letters",
                prefix + "components." + Services.KAFKA_BRIDGE + ".dead-letters-url="
                        + local("kafka-bridge.port") + "/api/kafka-bridge/dead-letters");
    }

    /** On the same port and data directory every time, so query-side's client finds it again after a restart. */
    private EmbeddedElasticsearch startElasticsearch() {
        return EmbeddedElasticsearch.builder()
                .port(settings.port("elasticsearch.port")).portProperty("elasticsearch.port")
                .dataDirectory(settings.dataDir().resolve("elasticsearch"))
                .heap("384m").jvmOptions(settings.elasticsearchJvmOptions())
                .build().start();
    }

    /** The Elasticsearch node is a child JVM too: started again when it dies, until the system stops. */
    private void superviseElasticsearch() {
        while (!closed) {
            try {
                Thread.sleep(ELASTICSEARCH_CHECK);
            } catch (InterruptedException e) {
                return;
            }
            EmbeddedElasticsearch node = elasticsearch;
            if (closed || node == null || node.isRunning()) {
                continue;
            }
            logger.warn("Elasticsearch (pid {}) exited without being asked to; starting it again (restart {})",
                    node.pid(), elasticsearchRestarts.get() + 1);
            closeQuietly("the dead Elasticsearch node", node);
            try {
                EmbeddedElasticsearch restarted = startElasticsearch();
                synchronized (this) {
                    if (closed) {
                        closeQuietly("Elasticsearch", restarted);
                        return;
                    }
                    elasticsearch = restarted;
                }
                elasticsearchRestarts.incrementAndGet();
                logger.warn("Elasticsearch is back (pid {})", restarted.pid());
            } catch (RuntimeException e) {
                logger.error("Elasticsearch could not be started again; trying again in {} s",
                        ELASTICSEARCH_CHECK.toSeconds(), e);
            }
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private String local(String portProperty) {
        return "http://127.0.0.1:" + settings.port(portProperty);
    }

    private Service service(String name, Path agent, Path logs, List<String> args) {
        List<String> all = new ArrayList<>(args);
        Path jar = Services.jar(settings.home(), name);
        Path run = settings.dataDir().resolve("run");
        Service service = switch (settings.topology()) {
            case PROCESSES -> {
                all.addAll(settings.argsOf(name));
                yield new ServiceProcess(name, Services.runnableCopy(jar, run, name), settings.jvmOptions(), all,
                        agent, logs);
            }
            case ONE_JVM -> {
                all.addAll(InProcessService.inProcessArgs(logs, name));
                all.addAll(settings.argsOf(name));
                ServiceClassLoaders.ClassPath classPath = ServiceClassLoaders.unpack(name, jar, run);
                yield new InProcessService(name, ServiceClassLoaders.isolated(classPath), classPath.mainClass(), all,
                        logs);
            }
        };
        services.add(service);
        return service;
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    public LauncherSettings settings() {
        return settings;
    }

    /** The one API base URL, e.g. {@code http://localhost:8080}. */
    public String gatewayUrl() {
        return "http://localhost:" + settings.port("gateway.port");
    }

    public String dashboardUrl() {
        return "http://localhost:" + settings.port("axonserver.http-port");
    }

    public String kafkaBootstrapServers() {
        return kafka != null ? kafka.bootstrapServers() : "127.0.0.1:" + settings.port("kafka.port");
    }

    public String mongoConnectionString() {
        return mongo != null ? mongo.connectionString() : "mongodb://127.0.0.1:" + settings.port("mongo.port");
    }

    public String elasticsearchUri() {
        return elasticsearch.uri().toString();
    }

    /**
     * Every e-mail the system sent (the notification-projector's SMTP server). GreenMail also serves them over IMAP,
     * login and password = the recipient's address.
     */
    public List<MimeMessage> receivedMail() {
        return List.of(mail.getReceivedMessages());
    }

    /** The process id of a service's JVM now ({@link #ELASTICSEARCH} for the node), e.g. to kill it in a test. */
    public long pidOf(String name) {
        return name.equals(ELASTICSEARCH) ? elasticsearch.pid() : service(name).pid();
    }

    /** Whether a service ({@link #ELASTICSEARCH} for the node) runs and is ready now. */
    public boolean isUp(String name) {
        if (name.equals(ELASTICSEARCH)) {
            EmbeddedElasticsearch node = elasticsearch;
            return node != null && node.isRunning();
        }
        return service(name).isReady();
    }

    /** How often the supervisor started a service ({@link #ELASTICSEARCH} for the node) again. */
    public int restarts(String name) {
        return name.equals(ELASTICSEARCH) ? elasticsearchRestarts.get() : service(name).restarts();
    }

    private Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + name));
    }

    /** Process ids of the service JVMs and the Elasticsearch node, to check that none outlives a stop. */
    public List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        services.stream().filter(s -> s instanceof ServiceProcess && s.isAlive()).forEach(s -> pids.add(s.pid()));
        if (elasticsearch != null && elasticsearch.isRunning()) {
            pids.add(elasticsearch.pid());
        }
        return pids;
    }

    /** Services first (all asked at once, Axon Server last), then Kafka, Elasticsearch and Mongo. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (elasticsearchSupervisor != null) {
            elasticsearchSupervisor.interrupt();
            try {
                // a restart under way is interrupted, and a node that failed to start is stopped by its own start
                elasticsearchSupervisor.join(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Service> clients = services.stream().filter(s -> !s.name().equals(Services.AXONSERVER)
                && !s.name().equals(INFRASTRUCTURE)).toList();
        clients.forEach(Service::requestStop);
        clients.forEach(s -> s.awaitStop(STOP_GRACE));
        stopService(Services.AXONSERVER);
        stopService(INFRASTRUCTURE);
        closeQuietly("Kafka", kafka);
        closeQuietly("Elasticsearch", elasticsearch);
        closeQuietly("MongoDB", mongo);
        if (mail != null) {
            mail.stop();
        }
    }

    /** Stops the service of that name, if this system has one, and waits for it. */
    private void stopService(String name) {
        services.stream().filter(s -> s.name().equals(name)).forEach(s -> {
            s.requestStop();
            s.awaitStop(STOP_GRACE);
        });
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            logger.warn("Stopping {} failed", what, e);
        }
    }

    private static void wipe(Path dataDir) {
        try {
            if (FileSystemUtils.deleteRecursively(dataDir)) {
                logger.info("Wiped {}", dataDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot wipe " + dataDir, e);
        }
    }
}
