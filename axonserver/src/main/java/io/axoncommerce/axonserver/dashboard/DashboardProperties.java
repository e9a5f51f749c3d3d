package io.axoncommerce.axonserver.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code axoniq.axonserver.dashboard.*}: who may see the dashboard, and how much one request may read. */
@ConfigurationProperties(prefix = "axoniq.axonserver.dashboard")
public class DashboardProperties {

    /**
     * Password of the dashboard's {@code admin} user. When set (or when access control is enabled), pages need a
     * login and the API needs the {@code AxonIQ-Access-Token} header.
     */
    private String adminPassword;
    /** Largest page an event search may ask for; more is refused with 400. */
    private int maxPageSize = 200;
    /** Most events one search may examine before it returns what it found with a cursor to go on. */
    private int searchScanLimit = 100_000;
    /** Longest one search may read before it returns what it found with a cursor to go on. */
    private Duration searchTimeBudget = Duration.ofSeconds(2);
    /** Most events of one aggregate the aggregate view reads (the newest ones). */
    private int maxAggregateEvents = 10_000;
    /** How long an action (pause, start, split, merge, release) waits for the application's answer. */
    private Duration instructionTimeout = Duration.ofSeconds(15);
    /** The applications' own admin APIs, for what the platform protocol does not carry; none by default. */
    private final AdminApi adminApi = new AdminApi();

    public String getAdminPassword() {
        return adminPassword;
    }

    public void setAdminPassword(String adminPassword) {
        this.adminPassword = adminPassword;
    }

    public int getMaxPageSize() {
        return maxPageSize;
    }

    public void setMaxPageSize(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    public int getSearchScanLimit() {
        return searchScanLimit;
    }

    public void setSearchScanLimit(int searchScanLimit) {
        this.searchScanLimit = searchScanLimit;
    }

    public Duration getSearchTimeBudget() {
        return searchTimeBudget;
    }

    public void setSearchTimeBudget(Duration searchTimeBudget) {
        this.searchTimeBudget = searchTimeBudget;
    }

    public int getMaxAggregateEvents() {
        return maxAggregateEvents;
    }

    public void setMaxAggregateEvents(int maxAggregateEvents) {
        this.maxAggregateEvents = maxAggregateEvents;
    }

    public Duration getInstructionTimeout() {
        return instructionTimeout;
    }

    public void setInstructionTimeout(Duration instructionTimeout) {
        this.instructionTimeout = instructionTimeout;
    }

    public AdminApi getAdminApi() {
        return adminApi;
    }

    /**
     * {@code axoniq.axonserver.dashboard.admin-api.*}: where the applications answer for their processors' dead letters
     * and exact replay progress, which the platform protocol does not carry. The dashboard calls them on the
     * browser's behalf, so they need not be reachable from the browser, and it authenticates itself with
     * {@link #token}. An application is found by the component name it reports to this server.
     */
    public static class AdminApi {

        /** Sent as {@code Authorization: Bearer <token>} to every admin API; none when unset. */
        private String token;
        /** How long connecting to an admin API, and then its answer, may take (then 504). */
        private Duration timeout = Duration.ofSeconds(10);
        /** Per component name (as the applications report it): the URLs of its admin API. */
        private final Map<String, Component> components = new LinkedHashMap<>();

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Map<String, Component> getComponents() {
            return components;
        }
    }

    /**
     * URI templates of one component's admin API; {@code {processor}} stands for the processor's name. Either may be
     * left out.
     */
    public static class Component {

        /** A processor's status: {@code GET} answers {@code replaying}, {@code progress} and {@code replay}. */
        private String statusUrl;
        /**
         * A processor's dead letters: {@code GET} lists the sequences, {@code POST .../retry} retries all,
         * {@code POST .../{messageId}/retry} the sequence that starts with that event, {@code DELETE .../{messageId}}
         * evicts a letter.
         */
        private String deadLettersUrl;

        public String getStatusUrl() {
            return statusUrl;
        }

        public void setStatusUrl(String statusUrl) {
            this.statusUrl = statusUrl;
        }

        public String getDeadLettersUrl() {
            return deadLettersUrl;
        }

        public void setDeadLettersUrl(String deadLettersUrl) {
            this.deadLettersUrl = deadLettersUrl;
        }
    }
}
