package io.axoncommerce.support.replay;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * A replay's stop, reset and start of a streaming event processor, as query-side's projections and the Kafka bridge do
 * it. Axon resets tokens only while no segment is claimed, so the processor is stopped first; the reset is worked out
 * only then, so that what it captures (the store's head, a record of the replay) belongs to the stopped processor.
 */
public final class ProcessorReplay {

    /** How long a processor may take to finish its batch and release its segments. */
    static final long STOP_TIMEOUT_SECONDS = 30;

    private ProcessorReplay() {
    }

    /**
     * Where the tokens go and what the processor's reset handlers are told.
     *
     * @param start   the start position, from the processor's own event source
     * @param context the reset context handed to {@code @ResetHandler}s; null for none
     */
    public record Reset(Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken> start,
                        Object context) {

        /** A reset to a position known before the call. */
        public static Reset to(TrackingToken start, Object context) {
            return new Reset(source -> start, context);
        }
    }

    /**
     * Stops the processor, resets its tokens as {@code onceStopped} says and starts it again.
     *
     * @throws IllegalStateException if the processor did not stop within {@value #STOP_TIMEOUT_SECONDS} seconds; it
     *                               is then neither reset nor started again
     */
    public static void restart(StreamingEventProcessor processor, Supplier<Reset> onceStopped) {
        try {
            processor.shutdownAsync().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Processor " + processor.getName() + " did not stop", e);
        }
        Reset reset = onceStopped.get();
        processor.resetTokens(reset.start(), reset.context());
        processor.start();
    }
}
