package io.axoncommerce.query.admin;

/**
 * A replay from a point in time was asked for while a full replay is still rebuilding the processor's read model:
 * it would move the rebuild's tokens past the events before that time, and the rebuilt model, switched in later,
 * would miss them.
 */
public class RebuildInProgressException extends RuntimeException {

    public RebuildInProgressException(String processor) {
        super("Processor " + processor + " is rebuilding its read model in a full replay; replay from a point in time "
                + "once it has finished, or start another full replay");
    }
}
