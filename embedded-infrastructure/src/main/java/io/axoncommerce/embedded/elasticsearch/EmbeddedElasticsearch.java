package io.axoncommerce.embedded.elasticsearch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.axoncommerce.embedded.support.EmbeddedServer;
import io.axoncommerce.embedded.support.EmbeddedServerBuilder;
import io.axoncommerce.embedded.support.ServerOptions;

/**
 * A real Elasticsearch 9.5.3 node in a JVM of its own, listening on 127.0.0.1.
 * <p>
 * The node's JVM runs the distribution extracted by {@link ElasticsearchDistribution} with {@code java -cp lib/*}: none
 * of Elasticsearch's jars (and none of its netty or log4j versions) touch this JVM's class path. Layout under the data
 * directory: {@code data/} (indices), {@code logs/} (the node's log and {@code console.log}), {@code config/}
 * (regenerated at every start). The node stops when its stdin closes, which also happens when this JVM dies in any
 * way, so no orphan node outlives its parent.
 */
public final class EmbeddedElasticsearch extends EmbeddedServer<EmbeddedElasticsearch> {

    public static final String DEFAULT_PORT_PROPERTY = "axon-commerce.embedded.elasticsearch.port";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    private static final Pattern HEALTHY = Pattern.compile("\"status\"\\s*:\\s*\"(green|yellow)\"");

    private final Builder config;
    private Process process;
    private int port;

    private EmbeddedElasticsearch(ServerOptions options, Builder config) {
        super("Elasticsearch", options, "embedded-elasticsearch-stop");
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the node and blocks until {@code /_cluster/health} reports yellow or green. */
    @Override
    public synchronized EmbeddedElasticsearch start() {
        long began = beginStart();
        ElasticsearchDistribution distribution = config.distributionCache == null
                ? ElasticsearchDistribution.resolve()
                : ElasticsearchDistribution.resolve(config.distributionCache);
        Path base = openDataDirectory("axon-commerce-elasticsearch-");
        try {
            Path configDir = Files.createDirectories(base.resolve("config"));
            Path logs = Files.createDirectories(base.resolve("logs"));
            Path data = Files.createDirectories(base.resolve("data"));
            Path portsFile = logs.resolve("http.ports");
            Files.deleteIfExists(portsFile);
            writeConfig(configDir, data, logs);

            Path console = logs.resolve("console.log");
            List<String> command = command(distribution, configDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            process = builder.start();
            installShutdownHook();

            port = awaitReady(portsFile, console, began);
            Duration startupTime = ready();
            log.info("Elasticsearch {} ready on {} (pid {}, data {}) in {} ms", ElasticsearchDistribution.VERSION, uri(),
                    process.pid(), data, startupTime.toMillis());
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start Elasticsearch", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private List<String> command(ElasticsearchDistribution distribution, Path configDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + config.heap);
        command.add("-Xmx" + config.heap);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Des.path.home=" + distribution.home());
        command.add("-Dorg.elasticsearch.nativeaccess.enableVectorLibrary=false");
        command.add("-Daxoniq.update-checker.disabled=true");
        command.add("-Dlog4j2.disable.jmx=true");
        command.add("-Djava.awt.headless=true");
        command.add("-Dfile.encoding=UTF-8");
        command.add("-XX:-UsePerfData");
        command.addAll(config.jvmOptions);
        command.add("-cp");
        command.add(distribution.classPath());
        command.add(ElasticsearchDistribution.MAIN_CLASS);
        command.add(configDir.toString());
        return command;
    }

    private void writeConfig(Path configDir, Path data, Path logs) throws IOException {
        String yml = """
                cluster.name: %s
                node.name: embedded
                path.data: %s
                path.logs: %s
                discovery.type: single-node
                http.host: 127.0.0.1
                http.port: %d
                transport.host: 127.0.0.1
                transport.port: 0
                node.portsfile: true
                cluster.routing.allocation.disk.threshold_enabled: false
                """.formatted(config.clusterName, quote(data), quote(logs), options.port());
        Files.writeString(configDir.resolve("elasticsearch.yml"), yml);
        String log4j = """
                status = error
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%d{ISO8601}][%-5p][%c{1.}] %m%n
                rootLogger.level = info
                rootLogger.appenderRef.console.ref = console
                logger.deprecation.name = org.elasticsearch.deprecation
                logger.deprecation.level = error
                """;
        Files.writeString(configDir.resolve("log4j2.properties"), log4j);
    }

    private static String quote(Path path) {
        return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private int awaitReady(Path portsFile, Path console, long began) {
        long deadline = began + config.startTimeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int boundPort = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with code " + process.exitValue()
                        + " while starting" + portHint() + "; its output (" + console + "):\n" + tail(console));
            }
            if (boundPort < 0) {
                boundPort = readPort(portsFile);
            }
            if (boundPort > 0 && healthy(http, boundPort)) {
                return boundPort;
            }
            sleep(100);
        }
        throw new IllegalStateException("Elasticsearch did not become ready within " + config.startTimeout
                + " (pid " + process.pid() + ", http port " + (boundPort > 0 ? boundPort : "not yet bound")
                + "); its output (" + console + "):\n" + tail(console));
    }

    private String portHint() {
        return options.port() == 0 ? ""
                : " (if port %d is taken, change '%s')".formatted(options.port(), options.portProperty());
    }

    private static int readPort(Path portsFile) {
        try {
            if (!Files.exists(portsFile)) {
                return -1;
            }
            // written atomically by the node: one bound address per line, e.g. 127.0.0.1:9200
            for (String line : Files.readAllLines(portsFile)) {
                int colon = line.lastIndexOf(':');
                if (colon > 0) {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static boolean healthy(HttpClient http, int port) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && HEALTHY.matcher(response.body()).find();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
        }
    }

    public int port() {
        requireStarted();
        return port;
    }

    /** The HTTP endpoint, e.g. {@code http://127.0.0.1:9200}, for {@code spring.elasticsearch.uris}. */
    public URI uri() {
        requireStarted();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The node JVM's process id, to check it is gone after {@link #close()}. */
    public long pid() {
        requireStarted();
        return process.pid();
    }

    /** Whether the node's process is alive: a node that died is still started (its {@link #pid()} answers). */
    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    protected boolean started() {
        return process != null;
    }

    /** The hook stops the node's process only: the data directory is left for close() (or for the JVM's exit). */
    @Override
    protected void stopOnJvmExit() {
        stopProcess();
    }

    /** Stops the node: stdin EOF, then SIGTERM, then SIGKILL. */
    @Override
    protected void stop() {
        stopProcess();
        process = null;
    }

    private void stopProcess() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            OutputStream stdin = p.getOutputStream();
            stdin.close();
        } catch (IOException ignored) {
            // already closed: fall through to the signals
        }
        try {
            if (!p.waitFor(config.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Elasticsearch (pid {}) did not stop after stdin closed; terminating", p.pid());
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The common options ({@link EmbeddedServerBuilder}); a data directory keeps the indices. */
    public static final class Builder extends EmbeddedServerBuilder<Builder, EmbeddedElasticsearch> {
        private Path distributionCache;
        private String heap = "512m";
        private final List<String> jvmOptions = new ArrayList<>();
        private String clusterName = "axon-commerce-embedded";
        private Duration startTimeout = Duration.ofSeconds(90);
        private Duration stopTimeout = Duration.ofSeconds(20);

        private Builder() {
            super(DEFAULT_PORT_PROPERTY);
        }

        /** Where the distribution is extracted; default {@code ~/.cache/axon-commerce}. */
        public Builder distributionCache(Path distributionCache) {
            this.distributionCache = distributionCache;
            return this;
        }

        /** Heap of the node's JVM, e.g. {@code 512m} (the default) or {@code 1g}. */
        public Builder heap(String heap) {
            if (heap == null || !heap.matches("\\d+[kKmMgG]?")) {
                throw new IllegalArgumentException("heap must look like 512m or 1g, was " + heap);
            }
            this.heap = heap;
            return this;
        }

        /** Extra options for the node's JVM. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions.addAll(options);
            return this;
        }

        /** Small and quick to start, slower to run: 256 MB heap, serial GC, C1 only. */
        public Builder forTests() {
            return heap("256m").jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = Objects.requireNonNull(clusterName);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = Objects.requireNonNull(stopTimeout);
            return this;
        }

        @Override
        public EmbeddedElasticsearch build() {
            return new EmbeddedElasticsearch(options(), this);
        }
    }
}
