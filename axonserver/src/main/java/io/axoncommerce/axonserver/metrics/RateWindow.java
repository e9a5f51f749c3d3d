package io.axoncommerce.axonserver.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts per second over the last minute, lock-free, so a hot path (every dispatched command, every commit) can feed
 * it. A bucket is reset by the first writer of a new second; a concurrent write in that instant may be lost, which a
 * dashboard rate can afford.
 */
public final class RateWindow {

    static final int SECONDS = 60;

    private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);
    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);

    public void add(long epochSecond, long amount) {
        int i = (int) Math.floorMod(epochSecond, SECONDS);
        long stamp = stamps.get(i);
        if (stamp != epochSecond && stamps.compareAndSet(i, stamp, epochSecond)) {
            counts.set(i, 0);
        }
        counts.addAndGet(i, amount);
    }

    /**
     * Average per second over the {@code windowSeconds} complete seconds before {@code nowEpochSecond} (the current
     * second is still filling, counting it would show a dip at the start of every second).
     */
    public double perSecond(long nowEpochSecond, int windowSeconds) {
        if (windowSeconds < 1 || windowSeconds >= SECONDS) {
            throw new IllegalArgumentException("window must be 1.." + (SECONDS - 1) + " seconds");
        }
        long total = 0;
        for (long second = nowEpochSecond - windowSeconds; second < nowEpochSecond; second++) {
            int i = (int) Math.floorMod(second, SECONDS);
            if (stamps.get(i) == second) {
                total += counts.get(i);
            }
        }
        return (double) total / windowSeconds;
    }
}
