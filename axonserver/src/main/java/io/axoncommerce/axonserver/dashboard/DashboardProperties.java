package io.axoncommerce.axonserver.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

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
}
