package io.axoncommerce.embedded.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.axoncommerce.embedded.support.EmbeddedServer;
import io.axoncommerce.embedded.support.EmbeddedServerBuilder;
import io.axoncommerce.embedded.support.PortInUseException;
import io.axoncommerce.embedded.support.Ports;
import io.axoncommerce.embedded.support.ServerOptions;

/**
 * A real Apache Kafka 3.9 broker in KRaft mode (one node, broker and controller combined) running inside this JVM,
 * listening on 127.0.0.1. The log directory is formatted with Kafka's own {@link Formatter} (cluster id and
 * {@code meta.properties}) the first time; a configured data directory keeps topics and records across restarts.
 * <p>
 * In-process because Kafka 3.9's server jars sit well beside Spring Boot 3.5 (same kafka-clients, same Jackson line)
 * and it saves a JVM. The broker's defaults are trimmed for one machine: replication factor 1, few internal
 * partitions, a small log-cleaner buffer (Kafka's default would take 128 MB of this JVM's heap).
 */
public final class EmbeddedKafka extends EmbeddedServer<EmbeddedKafka> {

    public static final String DEFAULT_PORT_PROPERTY = "axon-commerce.embedded.kafka.port";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Builder config;
    private KafkaRaftServer server;
    private int port;
    private String clusterId;

    private EmbeddedKafka(ServerOptions options, Builder config) {
        // the shutdown hook closes it: a controlled shutdown (Ctrl-C), so no log recovery at the next start
        super("Kafka", options, "embedded-kafka-stop");
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats the log directory if needed, starts the broker and blocks until an AdminClient can describe the cluster. */
    @Override
    public synchronized EmbeddedKafka start() {
        long began = beginStart();
        port = options.port() == 0 ? Ports.freePort() : options.port();
        int controllerPort = Ports.freePort();
        Path logDir = openDataDirectory("axon-commerce-kafka-");
        try {
            clusterId = formatIfNeeded(logDir, controllerPort);
            KafkaConfig kafkaConfig = new KafkaConfig(brokerProperties(logDir, controllerPort), false);
            server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                throw PortInUseException.ifBindFailed(e, "Kafka", port, options.portProperty());
            }
            installShutdownHook();
            awaitReady(began);
            Duration startupTime = ready();
            log.info("Kafka {} broker ready on {} (cluster {}, log dir {}) in {} ms", kafkaVersion(), bootstrapServers(),
                    clusterId, logDir, startupTime.toMillis());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<String, Object> brokerProperties(Path logDir, int controllerPort) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", String.valueOf(config.defaultPartitions));
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "2");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        props.put("auto.create.topics.enable", "true");
        props.put("delete.topic.enable", "true");
        props.putAll(config.overrides);
        return props;
    }

    private String formatIfNeeded(Path logDir, int controllerPort) {
        Path metaProperties = logDir.resolve("meta.properties");
        if (Files.exists(metaProperties)) {
            return readClusterId(metaProperties);
        }
        String newClusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setClusterId(newClusterId)
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + logDir + ": " + output, e);
        }
        log.debug("formatted {}: {}", logDir, output.toString(StandardCharsets.UTF_8).strip());
        return newClusterId;
    }

    private static String readClusterId(Path metaProperties) {
        try (var reader = Files.newBufferedReader(metaProperties)) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(reader);
            return properties.getProperty("cluster.id");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + metaProperties, e);
        }
    }

    private void awaitReady(long began) {
        long deadline = began + config.startTimeout.toNanos();
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness");
        Exception last = null;
        try (Admin admin = Admin.create(adminConfig)) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes().get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        }
        throw new IllegalStateException("Kafka did not become ready on " + bootstrapServers() + " within "
                + config.startTimeout, last);
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

    public int port() {
        requireStarted();
        return port;
    }

    /** {@code 127.0.0.1:<port>}, for {@code spring.kafka.bootstrap-servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public String clusterId() {
        requireStarted();
        return clusterId;
    }

    @Override
    protected boolean started() {
        return server != null;
    }

    /** Stops the broker: a controlled shutdown, logs flushed. */
    @Override
    protected void stop() {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                server = null;
            }
        }
    }

    /** The common options ({@link EmbeddedServerBuilder}); a data directory keeps topics and records. */
    public static final class Builder extends EmbeddedServerBuilder<Builder, EmbeddedKafka> {
        private int defaultPartitions = 1;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
            super(DEFAULT_PORT_PROPERTY);
        }

        /** Partitions of auto-created topics. */
        public Builder defaultPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1");
            }
            this.defaultPartitions = partitions;
            return this;
        }

        /** Any broker property, applied last. */
        public Builder brokerProperty(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        @Override
        public EmbeddedKafka build() {
            return new EmbeddedKafka(options(), this);
        }
    }
}
