package io.axoncommerce.axonserver.grpc;

import io.grpc.Status;

/** Validation of the permits clients grant on flow-controlled streams. */
public final class Permits {

    /**
     * Largest number of permits one message may grant. Axon clients grant a few thousand at a time; a value beyond
     * this is a client bug, and refusing it keeps the server's counters far from overflow.
     */
    public static final long MAX_PER_REQUEST = 1_000_000_000L;

    private Permits() {
    }

    /** Returns the permits or throws INVALID_ARGUMENT when they are negative or huge. */
    public static long validate(long permits) {
        if (permits < 0 || permits > MAX_PER_REQUEST) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("permits must be between 0 and " + MAX_PER_REQUEST + ", got " + permits)
                    .asRuntimeException();
        }
        return permits;
    }
}
