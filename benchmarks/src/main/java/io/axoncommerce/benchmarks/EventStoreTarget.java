package io.axoncommerce.benchmarks;

/** One event store under test, driven the same way by {@link EventStoreBenchmark}. */
interface EventStoreTarget extends AutoCloseable {

    String name();

    /** An appender that owns one aggregate and appends transactions continuing its sequence. */
    Appender appender(String aggregateId);

    /** Reads events in global order from the first one until {@code count} events were read; returns how many. */
    long readFromStart(long count) throws Exception;

    /** Stops and starts the store again on the same data; returns the seconds the start took, or NaN if unsupported. */
    default double restartSeconds() throws Exception {
        return Double.NaN;
    }

    /**
     * Appends {@code events} more in another process, kills it with SIGKILL and opens the store again; returns the
     * seconds that open took, or NaN if unsupported.
     */
    default double crashRecoverySeconds(long events) throws Exception {
        return Double.NaN;
    }

    interface Appender {
        /** Appends one transaction of {@code events} events and returns once the store acknowledged it. */
        void append(int events) throws Exception;
    }
}
