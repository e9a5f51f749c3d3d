package io.axoncommerce.axonserver.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The server's settings under the property names Axon Server itself uses, so scripts and configuration written for
 * Axon Server work here ({@code axoniq.axonserver.port}, {@code axoniq.axonserver.event.storage}, ...).
 */
@ConfigurationProperties(prefix = "axoniq.axonserver")
public class AxonServerProperties {

    /** Node name (Axon Server defaults to the host name). */
    private String name = defaultHostName();
    /** Host name clients are told to connect to. */
    private String hostname = defaultHostName();
    /** gRPC port. */
    private int port = 8124;
    /** Largest gRPC message accepted, in bytes. */
    private int maxMessageSize = 4 * 1024 * 1024;
    /** How long a dispatched command may wait for its handler's answer. */
    private Duration defaultCommandTimeout = Duration.ofMinutes(5);
    /** How long a query may wait for its handlers. */
    private Duration defaultQueryTimeout = Duration.ofMinutes(5);
    private final Storage event = new Storage(Path.of("data", "events"));
    private final Storage snapshot = new Storage(Path.of("data", "snapshots"));
    private final Accesscontrol accesscontrol = new Accesscontrol();

    private static String defaultHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        this.hostname = hostname;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public Duration getDefaultCommandTimeout() {
        return defaultCommandTimeout;
    }

    public void setDefaultCommandTimeout(Duration defaultCommandTimeout) {
        this.defaultCommandTimeout = defaultCommandTimeout;
    }

    public Duration getDefaultQueryTimeout() {
        return defaultQueryTimeout;
    }

    public void setDefaultQueryTimeout(Duration defaultQueryTimeout) {
        this.defaultQueryTimeout = defaultQueryTimeout;
    }

    public Storage getEvent() {
        return event;
    }

    public Storage getSnapshot() {
        return snapshot;
    }

    public Accesscontrol getAccesscontrol() {
        return accesscontrol;
    }

    /** {@code axoniq.axonserver.event.storage} / {@code axoniq.axonserver.snapshot.storage}. */
    public static class Storage {

        /** Directory of the files. */
        private Path storage;

        Storage(Path storage) {
            this.storage = storage;
        }

        public Path getStorage() {
            return storage;
        }

        public void setStorage(Path storage) {
            this.storage = storage;
        }
    }

    /** {@code axoniq.axonserver.accesscontrol.*}. */
    public static class Accesscontrol {

        /** Require the access token on every call. */
        private boolean enabled;
        /** The token applications must send in the AxonIQ-Access-Token metadata. */
        private String token;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }
    }
}
