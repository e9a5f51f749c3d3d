package io.axoncommerce.benchmarks.system;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one load phase measured. Latencies are recorded in microseconds into HdrHistograms (3 significant digits).
 * Orders belong to the phase they were placed in, even when they finish after its window (so a backlog shows up as
 * latency, not as lost orders); Kafka and read-model latencies count only while the window is open, so they describe
 * the system under exactly this load.
 */
final class Phase {

    final String name;
    /** Target orders/s; 0 = as fast as {@code clients} synchronous clients go. */
    final double rate;
    final boolean measured;
    /** Closed loop: each client waits for its order's final event before the next one. */
    volatile boolean awaitFinal;
    volatile Instant windowStart;
    volatile Instant windowEnd;

    final LongAdder sent = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder failed = new LongAdder();
    /** Rate mode: sends skipped because too many requests were already waiting for an answer. */
    final LongAdder skipped = new LongAdder();
    /** Rate mode: sends that left more than 10 ms after their scheduled time (the generator itself fell behind). */
    final LongAdder late = new LongAdder();
    final LongAdder finished = new LongAdder();
    final LongAdder watchFailures = new LongAdder();
    /** Orders that were due to be watched while {@code max-watchers} streams were already open. */
    final LongAdder watchSkipped = new LongAdder();
    /**
     * Orders still unfinished when the drain ended: recorded in {@link #placeToConfirmed} with the time they had
     * waited so far, so its percentiles become lower bounds (printed with "≥") instead of leaving out the slowest.
     */
    volatile long censored;
    final LongAdder confirmedInWindow = new LongAdder();
    final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    /** Records consumed from Kafka per event type from the window's start to the end of the drain: how far each
     * step of the order flow (placed, reserved, paid, confirmed) got, e.g. when orders do not finish. */
    final Map<String, LongAdder> eventTypes = new ConcurrentHashMap<>();
    volatile String firstError;

    final Histogram postLatency = histogram();
    /** POST sent → the OrderConfirmedEvent's timestamp (when the aggregate confirmed it). */
    final Histogram placeToConfirmed = histogram();
    /** POST sent → the OrderConfirmedEvent consumed from Kafka by this benchmark. */
    final Histogram placeToConfirmedOnKafka = histogram();
    /** POST sent → CONFIRMED arrived over the order's SSE stream (watched orders only). */
    final Histogram placeToConfirmedOverSse = histogram();
    /** Event timestamp → the new status visible in the orders read model, over SSE (watched orders only). */
    final Histogram projectionLag = histogram();
    /** Event timestamp (CloudEvents ce_time) → record consumed, every record on every bridge topic. */
    final Histogram kafkaLatency = histogram();

    Phase(String name, double rate, boolean measured) {
        this.name = name;
        this.rate = rate;
        this.measured = measured;
    }

    private static Histogram histogram() {
        return new ConcurrentHistogram(3);
    }

    static void record(Histogram histogram, Instant from, Instant to) {
        histogram.recordValue(Math.max(0, Duration.between(from, to).toNanos() / 1000));
    }

    boolean inWindow(Instant at) {
        Instant start = windowStart;
        Instant end = windowEnd;
        return start != null && !at.isBefore(start) && (end == null || at.isBefore(end));
    }

    void outcome(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
        finished.increment();
    }

    long pending() {
        return accepted.sum() - finished.sum();
    }

    double windowSeconds() {
        return Duration.between(windowStart, windowEnd).toNanos() / 1e9;
    }

    Map<String, Long> eventTypeCounts() {
        Map<String, Long> counts = new TreeMap<>();
        eventTypes.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    Map<String, Long> outcomeCounts() {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }
}
