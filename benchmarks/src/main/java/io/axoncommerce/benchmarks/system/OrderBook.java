package io.axoncommerce.benchmarks.system;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins each order's POST answer (which carries the id the command side chose) with its final event from Kafka. Under
 * load the final event can be consumed before the POST's answer has been handled, so whichever arrives first waits
 * in the map for the other.
 */
final class OrderBook {

    private record Placed(Phase phase, Instant sentAt) {
    }

    private record Finished(String outcome, Instant eventTime, Instant consumedAt) {
    }

    private static final class Entry {
        Placed placed;
        Finished finished;
        final CompletableFuture<Void> done = new CompletableFuture<>();
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Completes when the order's final event has been consumed. */
    CompletableFuture<Void> placed(String orderId, Phase phase, Instant sentAt) {
        return update(orderId, new Placed(phase, sentAt), null);
    }

    /** {@code outcome}: CONFIRMED or "CANCELLED &lt;reason&gt;". */
    void finished(String orderId, String outcome, Instant eventTime, Instant consumedAt) {
        update(orderId, null, new Finished(outcome, eventTime, consumedAt));
    }

    private CompletableFuture<Void> update(String orderId, Placed placed, Finished finished) {
        CompletableFuture<?>[] done = new CompletableFuture<?>[1];
        entries.compute(orderId, (id, entry) -> {
            Entry e = entry == null ? new Entry() : entry;
            if (placed != null) {
                e.placed = placed;
            }
            if (finished != null && e.finished == null) { // a redelivered record changes nothing
                e.finished = finished;
            }
            done[0] = e.done;
            if (e.placed == null || e.finished == null) {
                return e;
            }
            e.done.complete(null);
            Phase phase = e.placed.phase();
            phase.outcome(e.finished.outcome());
            if (e.finished.outcome().equals("CONFIRMED")) {
                Phase.record(phase.placeToConfirmed, e.placed.sentAt(), e.finished.eventTime());
                Phase.record(phase.placeToConfirmedOnKafka, e.placed.sentAt(), e.finished.consumedAt());
            }
            return null;
        });
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> future = (CompletableFuture<Void>) done[0];
        return future;
    }

    /** Orders of {@code phase} that were accepted but have not finished (yet): id and when each was placed. */
    java.util.Map<String, Instant> unfinished(Phase phase) {
        java.util.Map<String, Instant> unfinished = new java.util.TreeMap<>();
        entries.forEach((id, e) -> {
            Placed placed = e.placed;
            if (placed != null && placed.phase() == phase) {
                unfinished.put(id, placed.sentAt());
            }
        });
        return unfinished;
    }
}
