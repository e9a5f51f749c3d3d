package io.axoncommerce.query.admin;

/** A replay that cannot start in the processor's present state without losing events; answered 409. */
public class ReplayConflictException extends RuntimeException {

    private ReplayConflictException(String message) {
        super(message);
    }

    /**
     * A replay from a point in time while a full replay still rebuilds the read model: it would move the rebuild's
     * tokens past the events before that time, and the rebuilt model, switched in later, would miss them.
     */
    static ReplayConflictException rebuildInProgress(String processor) {
        return new ReplayConflictException("Processor " + processor + " is rebuilding its read model in a full replay; "
                + "replay from a point in time once it has finished, or start another full replay");
    }

    /**
     * A replay from a point in time while events are dead-lettered: a replay clears the processor's dead letters, and
     * those of events before that time would not come back.
     */
    static ReplayConflictException deadLettersPending(String processor, long letters) {
        return new ReplayConflictException("Processor " + processor + " has " + letters + " dead letters; retry or "
                + "evict them before a replay from a point in time (a full replay re-applies them)");
    }
}
