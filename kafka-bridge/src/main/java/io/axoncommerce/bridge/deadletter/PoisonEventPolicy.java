package io.axoncommerce.bridge.deadletter;

import io.axoncommerce.support.deadletter.AttemptCountingEnqueuePolicy;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Parks only what is the event's own fault and will fail again however often it is retried: a payload that cannot be
 * serialized, a record the producer or the broker refuses as too large or invalid. Its aggregate's later events are
 * parked behind it, so Kafka never holds them without it; other aggregates go on. Anything else (the broker down or
 * slow, topics that cannot be created, a lost connection) would park every aggregate one after the other: it is
 * rethrown, the batch fails and the processor retries it from its token, which advances only once Kafka acknowledged.
 * Each letter counts its failed attempts (service-support's {@link AttemptCountingEnqueuePolicy}).
 */
public class PoisonEventPolicy extends AttemptCountingEnqueuePolicy {

    public PoisonEventPolicy() {
        super("Publishing to Kafka failed");
    }

    @Override
    protected boolean isTheEventsFault(Throwable failure) {
        return poisonIn(failure) != null;
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
