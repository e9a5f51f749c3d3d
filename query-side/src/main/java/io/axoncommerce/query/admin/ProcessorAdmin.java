package io.axoncommerce.query.admin;

import io.axoncommerce.query.projection.RebuildableReadModel;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Status and replay of this application's streaming event processors. */
@Service
public class ProcessorAdmin {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final List<RebuildableReadModel> readModels;

    public ProcessorAdmin(EventProcessingConfiguration processing, EventStore eventStore,
                          List<RebuildableReadModel> readModels) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.readModels = readModels;
    }

    public List<ProcessorStatus> all() {
        long head = head();
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(p -> status((StreamingEventProcessor) p, head))
                .sorted(Comparator.comparing(ProcessorStatus::name))
                .toList();
    }

    public Optional<ProcessorStatus> find(String name) {
        return processor(name).map(p -> status(p, head()));
    }

    /**
     * Stops the processor, resets its tokens (to the start of the store, or to the first event at or after
     * {@code from}) with a {@link ReplayRequest} for the projections' reset handlers, and starts it again.
     *
     * @throws ReplayNotSupportedException if the processor's handlers do not allow a reset
     * @throws RebuildInProgressException  if {@code from} is given while a full replay still rebuilds the read model
     */
    public Optional<ProcessorStatus> replay(String name, Instant from) {
        Optional<StreamingEventProcessor> found = processor(name);
        found.ifPresent(processor -> {
            if (!processor.supportsReset()) {
                throw new ReplayNotSupportedException(name);
            }
            if (from != null && readModels.stream()
                    .anyMatch(model -> model.processingGroup().equals(name) && model.isRebuilding())) {
                throw new RebuildInProgressException(name);
            }
            try {
                processor.shutdownAsync().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Processor " + name + " did not stop", e);
            }
            ReplayRequest request = new ReplayRequest(from);
            if (from == null) {
                processor.resetTokens(request);
            } else {
                processor.resetTokens(source -> source.createTokenAt(from), request);
            }
            processor.start();
        });
        return found.map(p -> status(p, head()));
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }

    private long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    /**
     * Whether a segment is still replaying events it had seen before the reset. Axon keeps a segment's replay flag
     * until an event newer than the reset position arrives, which may take long on a quiet store; what an operator
     * (and the search index swap) needs to know is whether the replay has reached the position the store had when
     * the replay started.
     */
    public static boolean isBehindReplayEnd(EventTrackerStatus segment) {
        if (!segment.isReplaying()) {
            return false;
        }
        OptionalLong current = segment.getCurrentPosition();
        OptionalLong resetAt = segment.getResetPosition();
        return resetAt.isPresent() && (current.isEmpty() || current.getAsLong() < resetAt.getAsLong());
    }

    private ProcessorStatus status(StreamingEventProcessor processor, long head) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        boolean replaying = segments.stream().anyMatch(ProcessorAdmin::isBehindReplayEnd);
        Long position = segments.stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .map(p -> p.isPresent() ? p.getAsLong() : -1L)
                .min(Long::compare).orElse(null);
        long lag = position == null ? head + 1 : Math.max(0, head - position);
        double progress;
        if (replaying) {
            progress = segments.stream().mapToDouble(s -> {
                OptionalLong current = s.getCurrentPosition();
                OptionalLong resetAt = s.getResetPosition();
                if (!isBehindReplayEnd(s) || resetAt.isEmpty() || resetAt.getAsLong() <= 0) {
                    return 100.0;
                }
                return 100.0 * Math.max(0, current.orElse(0)) / resetAt.getAsLong();
            }).min().orElse(0);
        } else {
            progress = head < 0 ? 100.0 : position == null ? 0.0 : 100.0 * Math.min(1.0, (position + 1.0) / (head + 1.0));
        }
        String status = processor.isError() || segments.stream().anyMatch(EventTrackerStatus::isErrorState) ? "ERROR"
                : processor.isRunning() ? "RUNNING" : "STOPPED";
        int total = processing.tokenStore(processor.getName()).fetchSegments(processor.getName()).length;
        return new ProcessorStatus(processor.getName(), status, position, head, lag, replaying,
                Math.round(Math.min(100.0, progress) * 10) / 10.0, total, segments.size());
    }
}
