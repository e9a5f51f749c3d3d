package io.axoncommerce.support.deadletter;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A dead-lettered event as the admin APIs show it: the event (its message id identifies the letter in the API; the
 * payload itself only where the API lists payloads), the error that parked it (null for an event parked behind an
 * earlier one of its sequence), and how often handling it failed.
 */
public record DeadLetterView(String messageId, String eventType,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Object event, String aggregateId,
                             Long aggregateSequence, Instant eventTimestamp, String errorType, String error,
                             long attempts, Instant enqueuedAt, Instant lastTouched) {

    /** The parked events of one sequence (an order, a product), in the order they will be retried. */
    public record Sequence(String sequence, List<DeadLetterView> letters) {
    }

    /** What a retry did: sequences tried, those processed to the end, and the letters still parked afterwards. */
    public record RetryResult(int sequences, int processed, long parked) {
    }
}
