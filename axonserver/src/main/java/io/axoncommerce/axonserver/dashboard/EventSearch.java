package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Newest-first search over the event store, bounded so that one request cannot occupy the storage: it reads
 * backwards from a cursor in small batches and stops at a full page, at the scan limit, or at the time budget,
 * whichever comes first, answering with a cursor ({@code nextBefore}) to go on from.
 */
final class EventSearch {

    private static final int BATCH = 256;

    private final EventStorage storage;
    private final int scanLimit;
    private final Duration timeBudget;
    private final int maxAggregateEvents;

    EventSearch(EventStorage storage, int scanLimit, Duration timeBudget, int maxAggregateEvents) {
        this.storage = storage;
        this.scanLimit = scanLimit;
        this.timeBudget = timeBudget;
        this.maxAggregateEvents = maxAggregateEvents;
    }

    /**
     * What to look for. Blank strings mean "any". {@code before} (exclusive) and {@code after} (exclusive) are
     * tokens; {@code from} (inclusive) and {@code to} (exclusive) are event timestamps.
     */
    record Criteria(String aggregateId, String aggregateType, String payloadType, String text, Instant from,
                    Instant to, Long before, Long after, int size) {
    }

    /**
     * A page of matches, newest first. {@code nextBefore} is the cursor for the next (older) page, null when the
     * search reached its lower bound; {@code budgetExhausted} says the page may be short because the scan limit or
     * time budget stopped it. {@code head} is the last token of the store when the search ran.
     */
    record Page(List<EventView> events, Long nextBefore, long scanned, boolean budgetExhausted, long head) {
    }

    Page search(Criteria criteria) {
        long head = storage.lastToken();
        long upper = head + 1;
        if (criteria.before() != null) {
            upper = Math.min(upper, criteria.before());
        }
        long lower = criteria.after() == null ? 0 : criteria.after() + 1;
        // the time index bounds the token range, so "the last hour" never scans the whole store
        if (criteria.from() != null) {
            lower = Math.max(lower, storage.tokenAt(criteria.from()));
        }
        if (criteria.to() != null) {
            upper = Math.min(upper, storage.tokenAt(criteria.to()));
        }
        Filter filter = new Filter(criteria);
        if (notBlank(criteria.aggregateId())) {
            return searchAggregate(criteria, filter, lower, upper, head);
        }
        List<EventView> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeBudget.toNanos();
        long cursor = upper;
        long scanned = 0;
        boolean exhausted = false;
        scan:
        while (cursor > lower && found.size() < criteria.size()) {
            if (scanned >= scanLimit || System.nanoTime() > deadline) {
                exhausted = true;
                break;
            }
            int batch = (int) Math.min(BATCH, Math.min(cursor - lower, scanLimit - scanned));
            long start = cursor - batch;
            List<EventWithToken> chunk = storage.readEvents(start, batch);
            for (int i = chunk.size() - 1; i >= 0; i--) {
                EventWithToken event = chunk.get(i);
                if (event.getToken() >= cursor) {
                    continue;
                }
                scanned++;
                cursor = event.getToken();
                if (filter.matches(event.getEvent())) {
                    found.add(EventView.of(event.getToken(), event.getEvent()));
                    if (found.size() >= criteria.size()) {
                        break scan;
                    }
                }
            }
            cursor = Math.min(cursor, start);
        }
        return new Page(found, cursor > lower ? cursor : null, scanned, exhausted, head);
    }

    private Page searchAggregate(Criteria criteria, Filter filter, long lower, long upper, long head) {
        long highest = storage.highestSequence(criteria.aggregateId());
        if (highest < 0) {
            return new Page(List.of(), null, 0, false, head);
        }
        long firstSequence = Math.max(0, highest - Math.min(scanLimit, maxAggregateEvents) + 1);
        List<EventWithToken> events = storage.readAggregateEventsWithTokens(criteria.aggregateId(), firstSequence,
                                                                            Long.MAX_VALUE);
        List<EventView> found = new ArrayList<>();
        Long nextBefore = null;
        for (int i = events.size() - 1; i >= 0; i--) {
            EventWithToken event = events.get(i);
            if (event.getToken() >= upper || event.getToken() < lower || !filter.matches(event.getEvent())) {
                continue;
            }
            if (found.size() == criteria.size()) {
                nextBefore = found.getLast().token();
                break;
            }
            found.add(EventView.of(event.getToken(), event.getEvent()));
        }
        return new Page(found, nextBefore, events.size(), firstSequence > 0, head);
    }

    /** One event by token, or null when there is none. */
    EventView event(long token) {
        List<EventWithToken> events = storage.readEvents(token, 1);
        return events.isEmpty() ? null : EventView.of(events.getFirst().getToken(), events.getFirst().getEvent());
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static final class Filter {

        private final Criteria criteria;
        private final byte[] textLower;

        Filter(Criteria criteria) {
            this.criteria = criteria;
            this.textLower = notBlank(criteria.text())
                    ? criteria.text().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8) : null;
        }

        boolean matches(Event event) {
            if (notBlank(criteria.aggregateId()) && !criteria.aggregateId().equals(event.getAggregateIdentifier())) {
                return false;
            }
            if (notBlank(criteria.aggregateType()) && !criteria.aggregateType().equals(event.getAggregateType())) {
                return false;
            }
            if (notBlank(criteria.payloadType()) && !matchesType(event.getPayload().getType())) {
                return false;
            }
            if (criteria.from() != null && event.getTimestamp() < criteria.from().toEpochMilli()) {
                return false;
            }
            if (criteria.to() != null && event.getTimestamp() >= criteria.to().toEpochMilli()) {
                return false;
            }
            return textLower == null || containsIgnoreCase(event.getPayload().getData().toByteArray());
        }

        /** The full class name, or the simple name after the last '.' or '$' (what people type). */
        private boolean matchesType(String type) {
            String wanted = criteria.payloadType();
            if (type.equals(wanted)) {
                return true;
            }
            return type.endsWith(wanted) && type.length() > wanted.length()
                    && ".$".indexOf(type.charAt(type.length() - wanted.length() - 1)) >= 0;
        }

        private boolean containsIgnoreCase(byte[] data) {
            // ASCII case folding on the bytes: no string per event; non-ASCII text must match exactly
            outer:
            for (int i = 0; i <= data.length - textLower.length; i++) {
                for (int j = 0; j < textLower.length; j++) {
                    byte b = data[i + j];
                    if (b >= 'A' && b <= 'Z') {
                        b = (byte) (b + 32);
                    }
                    if (b != textLower[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
