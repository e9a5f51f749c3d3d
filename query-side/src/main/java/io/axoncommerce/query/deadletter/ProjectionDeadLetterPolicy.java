package io.axoncommerce.query.deadletter;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.axoncommerce.support.deadletter.AttemptCountingEnqueuePolicy;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import java.io.IOException;

/**
 * Decides what becomes of an event a projection failed to handle. An event whose handling failed (a bug, a document
 * that cannot be read) is dead-lettered: its sequence (order, product) is parked, the other sequences go on, and the
 * letter's diagnostics count the attempts (service-support's {@link AttemptCountingEnqueuePolicy}). A store that
 * cannot be reached is not the event's fault and would park every sequence: that failure is rethrown, so the batch
 * fails and the processor retries it from its token, as without a dead-letter queue.
 */
public class ProjectionDeadLetterPolicy extends AttemptCountingEnqueuePolicy {

    public ProjectionDeadLetterPolicy() {
        super("The read model's store failed");
    }

    @Override
    protected boolean isTheEventsFault(Throwable failure) {
        return !isStoreFailure(failure);
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
