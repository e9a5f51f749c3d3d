package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Event search, one event, and one aggregate's whole stream. */
@RestController
class EventsController {

    private final EmbeddedAxonServer server;
    private final EventSearch search;
    private final DashboardProperties properties;

    EventsController(EmbeddedAxonServer server, EventSearch search, DashboardProperties properties) {
        this.server = server;
        this.search = search;
        this.properties = properties;
    }

    @GetMapping("/v1/events")
    EventSearch.Page search(@RequestParam(required = false) String aggregateId,
                            @RequestParam(required = false) String aggregateType,
                            @RequestParam(required = false) String payloadType,
                            @RequestParam(required = false) String text,
                            @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to,
                            @RequestParam(required = false) Long before,
                            @RequestParam(required = false) Long after,
                            @RequestParam(defaultValue = "20") int size) {
        if (size < 1 || size > properties.getMaxPageSize()) {
            throw ApiException.badRequest("size must be between 1 and " + properties.getMaxPageSize()
                                                  + ", got " + size);
        }
        if ((before != null && before < 0) || (after != null && after < -1)) {
            throw ApiException.badRequest("before must be >= 0 and after >= -1");
        }
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw ApiException.badRequest("from (" + from + ") must be before to (" + to + ")");
        }
        return search.search(new EventSearch.Criteria(aggregateId, aggregateType, payloadType, text, fromInstant,
                                                      toInstant, before, after, size));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, got '"
                                                  + value + "'");
        }
    }

    @GetMapping("/v1/events/{token}")
    EventView event(@PathVariable long token) {
        if (token < 0) {
            throw ApiException.badRequest("token must be >= 0");
        }
        EventView event = search.event(token);
        if (event == null) {
            throw ApiException.notFound("No event with token " + token + " (the last token is "
                                                + server.storage().lastToken() + ")");
        }
        return event;
    }

    record SnapshotView(long sequence, Instant timestamp, String payloadType, String payloadRevision,
                        String payload) {
    }

    /**
     * {@code events} ascending by sequence (the newest {@code maxAggregateEvents} when there are more:
     * {@code truncated}); {@code snapshots} newest first.
     */
    record AggregateView(String aggregateId, String aggregateType, long highestSequence, boolean truncated,
                         List<EventView> events, List<SnapshotView> snapshots) {
    }

    @GetMapping("/v1/aggregates/{aggregateId}")
    AggregateView aggregate(@PathVariable String aggregateId) {
        long highest = server.storage().highestSequence(aggregateId);
        if (highest < 0) {
            throw ApiException.notFound("No aggregate with id '" + aggregateId + "'");
        }
        long first = Math.max(0, highest - properties.getMaxAggregateEvents() + 1);
        List<EventWithToken> events = server.storage().readAggregateEventsWithTokens(aggregateId, first,
                                                                                     Long.MAX_VALUE);
        List<Event> snapshots = server.storage().readSnapshots(aggregateId, 0, Long.MAX_VALUE, 100);
        String type = events.isEmpty() ? "" : events.getFirst().getEvent().getAggregateType();
        return new AggregateView(aggregateId, type, highest, first > 0,
                                 events.stream().map(e -> EventView.of(e.getToken(), e.getEvent())).toList(),
                                 snapshots.stream().map(s -> new SnapshotView(
                                         s.getAggregateSequenceNumber(), Instant.ofEpochMilli(s.getTimestamp()),
                                         s.getPayload().getType(), s.getPayload().getRevision(),
                                         EventView.payloadText(s.getPayload().getData().toByteArray()))).toList());
    }
}
