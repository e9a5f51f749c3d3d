package io.axoncommerce.support.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;

/**
 * Parks an event only when the failure is the event's own fault, and counts in the letter's diagnostics
 * ({@value #ATTEMPTS}) how often handling it failed; {@link DeadLetterAdmin} shows that count. Any other failure (a
 * store or broker that cannot be reached) would park every sequence one after the other: it is rethrown, so the batch
 * fails and the processor retries it from its token, as without a dead-letter queue. Subclasses say which failures are
 * the event's fault.
 */
public abstract class AttemptCountingEnqueuePolicy implements EnqueuePolicy<EventMessage<?>> {

    /** Diagnostics key: how often handling the letter failed. */
    public static final String ATTEMPTS = "attempts";

    private final String notTheEventsFault;

    /** @param notTheEventsFault the message of the exception that wraps a checked failure which is not the event's fault */
    protected AttemptCountingEnqueuePolicy(String notTheEventsFault) {
        this.notTheEventsFault = notTheEventsFault;
    }

    /** Whether {@code failure} (its cause chain included) is the event's own fault and will fail again on a retry. */
    protected abstract boolean isTheEventsFault(Throwable failure);

    @Override
    public final EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter,
                                                         Throwable cause) {
        if (!isTheEventsFault(cause)) {
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(notTheEventsFault, cause);
        }
        long attempts = attempts(letter) + 1;
        return Decisions.enqueue(cause, failed -> failed.diagnostics().and(ATTEMPTS, attempts));
    }

    /** How often handling the letter failed; 0 for a letter parked behind another one of its sequence. */
    public static long attempts(DeadLetter<?> letter) {
        return letter.diagnostics().get(ATTEMPTS) instanceof Number number ? number.longValue() : 0;
    }
}
