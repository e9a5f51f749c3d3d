package io.axoncommerce.embedded.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code axon-commerce.embedded.*}: where and how the embedded servers run when no production connection is set.
 */
@ConfigurationProperties("axon-commerce.embedded")
public class EmbeddedInfrastructureProperties {

    /**
     * Root data directory: each server uses a sub-directory (mongo/, elasticsearch/, kafka/) and its data survives
     * restarts (Mongo switches to its H2 file backend). Unset: temporary directories (Mongo in memory), deleted on close.
     */
    private Path dataDir;
    private final Mongo mongo = new Mongo();
    private final Elasticsearch elasticsearch = new Elasticsearch();
    private final Kafka kafka = new Kafka();

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Mongo getMongo() {
        return mongo;
    }

    public Elasticsearch getElasticsearch() {
        return elasticsearch;
    }

    public Kafka getKafka() {
        return kafka;
    }

    /** The data directory of one server: its own setting, else {@code <data-dir>/<name>}, else null (temporary). */
    public Path dataDirOf(Server server, String name) {
        if (server.getDataDir() != null) {
            return server.getDataDir();
        }
        return dataDir == null ? null : dataDir.resolve(name);
    }

    public static class Server {
        /** Start this embedded server when no production connection is configured. */
        private boolean enabled = true;
        /** Loopback port; 0 picks a free one. */
        private int port;
        /** This server's data directory, overriding {@code <data-dir>/<server>}. */
        private Path dataDir;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public Path getDataDir() {
            return dataDir;
        }

        public void setDataDir(Path dataDir) {
            this.dataDir = dataDir;
        }
    }

    public static class Mongo extends Server {
    }

    public static class Elasticsearch extends Server {
        /** Heap of the node's JVM. */
        private String heap = "512m";
        /** Extra JVM options for the node, e.g. -XX:+UseSerialGC. */
        private List<String> jvmOptions = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(90);

        public String getHeap() {
            return heap;
        }

        public void setHeap(String heap) {
            this.heap = heap;
        }

        public List<String> getJvmOptions() {
            return jvmOptions;
        }

        public void setJvmOptions(List<String> jvmOptions) {
            this.jvmOptions = jvmOptions;
        }

        public Duration getStartTimeout() {
            return startTimeout;
        }

        public void setStartTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
        }
    }

    public static class Kafka extends Server {
        /** Partitions of topics the broker creates automatically. */
        private int defaultPartitions = 1;

        public int getDefaultPartitions() {
            return defaultPartitions;
        }

        public void setDefaultPartitions(int defaultPartitions) {
            this.defaultPartitions = defaultPartitions;
        }
    }
}
