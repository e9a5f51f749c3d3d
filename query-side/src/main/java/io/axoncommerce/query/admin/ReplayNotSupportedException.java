package io.axoncommerce.query.admin;

/** The processor's handlers do not support a reset (no replay allowed), so it cannot be replayed. */
public class ReplayNotSupportedException extends RuntimeException {

    public ReplayNotSupportedException(String processor) {
        super("Processor " + processor + " does not support a replay");
    }
}
