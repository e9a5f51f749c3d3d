package io.axoncommerce.query.deadletter;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import java.io.IOException;

/**
 * Decides what becomes of an event a projection failed to handle. An event whose handling failed (a bug, a document
 * that cannot be read) is dead-lettered: its sequence (order, product) is parked, the other sequences go on, and the
 * letter's diagnostics count the {@value #ATTEMPTS}. A store that cannot be reached is not the event's fault and would
 * park every sequence: that failure is rethrown, so the batch fails and the processor retries it from its token, as
 * without a dead-letter queue.
 */
public class ProjectionDeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    /** Diagnostics key: how often handling the letter failed. */
    public static final String ATTEMPTS = "attempts";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (isStoreFailure(cause)) {
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("The read model's store failed", cause);
        }
        long attempts = attempts(letter) + 1;
        return Decisions.enqueue(cause, failed -> failed.diagnostics().and(ATTEMPTS, attempts));
    }

    /** How often handling the letter failed; 0 for a letter parked behind another one of its sequence. */
    public static long attempts(DeadLetter<?> letter) {
        return letter.diagnostics().get(ATTEMPTS) instanceof Number number ? number.longValue() : 0;
    }

    static boolean isStoreFailure(Throwable failure) {
        // bounded: a cause chain may (wrongly) be circular
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException || cause instanceof MongoSocketException
                    || cause instanceof MongoTimeoutException) {
                return true;
            }
            // Elasticsearch answering 429 (busy) or 5xx (e.g. no shard available while it recovers after a restart)
            if (cause instanceof ElasticsearchException refused && (refused.status() == 429 || refused.status() >= 500)) {
                return true;
            }
        }
        return false;
    }
}
