package io.axoncommerce.axonserver.conformance;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Event handlers that record the identifiers of the events they see, one per processor kind. */
final class Recorders {

    private Recorders() {
    }

    abstract static class Recorder {

        private final List<String> seen = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Object event, @MessageIdentifier String id) {
            seen.add(id);
        }

        @ResetHandler
        void reset() {
            seen.clear();
        }

        List<String> seen() {
            return List.copyOf(seen);
        }
    }

    @Component
    @ProcessingGroup("tracking-recorder")
    static class TrackingRecorder extends Recorder {
    }

    @Component
    @ProcessingGroup("pooled-recorder")
    static class PooledRecorder extends Recorder {
    }

    /** Target of the processor instructions the server sends (pause, start, split, merge, release). */
    @Component
    @ProcessingGroup("admin-target")
    static class AdminTarget extends Recorder {
    }
}
