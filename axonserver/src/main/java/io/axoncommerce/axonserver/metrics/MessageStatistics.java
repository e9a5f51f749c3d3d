package io.axoncommerce.axonserver.metrics;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server saw of each message name (a command or a query): how many, how many failed, the rate over the last
 * minute, and the latency from dispatch to the final answer. Latencies are kept since start in an HdrHistogram per
 * name (1 µs .. 1 h at two significant digits: a few KiB per name).
 */
public final class MessageStatistics {

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);

    private final Clock clock;
    private final Map<String, PerName> byName = new ConcurrentHashMap<>();

    public MessageStatistics(Clock clock) {
        this.clock = clock;
    }

    public MessageStatistics() {
        this(Clock.systemUTC());
    }

    /** Records one message answered (or failed) {@code nanos} after it was dispatched. */
    public void record(String name, long nanos, boolean success) {
        PerName figures = byName.computeIfAbsent(name, n -> new PerName());
        figures.count.increment();
        if (!success) {
            figures.errors.increment();
        }
        figures.latency.recordValue(Math.min(Math.max(nanos, 1000), HIGHEST_TRACKABLE_NANOS));
        figures.rate.add(clock.instant().getEpochSecond(), 1);
    }

    /** Figures per message name, sorted by name. */
    public List<Figures> figures() {
        long now = clock.instant().getEpochSecond();
        return byName.entrySet().stream()
                     .map(e -> e.getValue().figures(e.getKey(), now))
                     .sorted(Comparator.comparing(Figures::name))
                     .toList();
    }

    /**
     * One message name: totals since start, the rate over the last minute (per second), latency percentiles and
     * maximum in milliseconds.
     */
    public record Figures(String name, long count, long errors, double perSecondLastMinute, double p50Millis,
                          double p99Millis, double maxMillis) {
    }

    private static final class PerName {

        private final LongAdder count = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final Histogram latency = new ConcurrentHistogram(1000, HIGHEST_TRACKABLE_NANOS, 2);
        private final RateWindow rate = new RateWindow();

        Figures figures(String name, long nowSecond) {
            Histogram copy = latency.copy();
            return new Figures(name, count.sum(), errors.sum(), rate.perSecond(nowSecond, RateWindow.SECONDS - 1),
                               millis(copy.getValueAtPercentile(50)), millis(copy.getValueAtPercentile(99)),
                               millis(copy.getMaxValue()));
        }

        private static double millis(long nanos) {
            return nanos / 1_000_000.0;
        }
    }
}
