package io.axoncommerce.bridge.deadletter;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;

/**
 * Parks only what is the event's own fault and will fail again however often it is retried: a payload that cannot be
 * serialized, a record the producer or the broker refuses as too large or invalid. Its aggregate's later events are
 * parked behind it, so Kafka never holds them without it; other aggregates go on. Anything else (the broker down or
 * slow, topics that cannot be created, a lost connection) would park every aggregate one after the other: it is
 * rethrown, the batch fails and the processor retries it from its token, which advances only once Kafka acknowledged.
 */
public class PoisonEventPolicy implements EnqueuePolicy<EventMessage<?>> {

    /** Diagnostics key: how often publishing the letter failed (as in query-side's dead letters). */
    public static final String ATTEMPTS = "attempts";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (poisonIn(cause) == null) {
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Publishing to Kafka failed", cause);
        }
        long attempts = attempts(letter) + 1;
        return Decisions.enqueue(cause, failed -> failed.diagnostics().and(ATTEMPTS, attempts));
    }

    /** How often publishing the letter failed; 0 for a letter parked behind another one of its aggregate. */
    public static long attempts(DeadLetter<?> letter) {
        return letter.diagnostics().get(ATTEMPTS) instanceof Number number ? number.longValue() : 0;
    }

    /** The failure's cause that makes the event poison, or null if it is not the event's fault. */
    public static RuntimeException poisonIn(Throwable failure) {
        // bounded: a cause chain may (wrongly) be circular
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof InvalidRecordException
                    || cause instanceof org.apache.kafka.common.errors.SerializationException
                    || cause instanceof org.axonframework.serialization.SerializationException) {
                return (RuntimeException) cause;
            }
        }
        return null;
    }
}
