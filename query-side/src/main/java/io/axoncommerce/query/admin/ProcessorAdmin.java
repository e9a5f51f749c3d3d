package io.axoncommerce.query.admin;

import io.axoncommerce.query.config.QueryDatabase;
import io.axoncommerce.query.projection.RebuildableReadModel;
import io.axoncommerce.support.replay.ProcessorReplay;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Status and replay of this application's streaming event processors. The last replay started here is kept per
 * processor in MongoDB ({@value #REPLAYS}), so that its progress is measured on the range it covers, also after a
 * restart.
 */
@Service
public class ProcessorAdmin {

    static final String REPLAYS = "processor_replays";

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final List<RebuildableReadModel> readModels;
    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();

    /** The last replay of {@code processor} started from the admin API. */
    record StartedReplay(@Id String processor, ReplayRequest request) {
    }

    public ProcessorAdmin(EventProcessingConfiguration processing, EventStore eventStore,
                          List<RebuildableReadModel> readModels, QueryDatabase database) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.readModels = readModels;
        this.mongo = database.template();
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
     * {@code from}) with a {@link ReplayRequest} for the projections' reset handlers, and starts it again. The
     * request names the start position and the store's head at this moment, the range the progress is measured on.
     *
     * @throws ReplayNotSupportedException if the processor's handlers do not allow a reset
     * @throws ReplayConflictException    if {@code from} is given while a full replay still rebuilds the read model,
     *                                     or while events of the processor are dead-lettered
     */
    public Optional<ProcessorStatus> replay(String name, Instant from) {
        Optional<StreamingEventProcessor> found = processor(name);
        found.ifPresent(processor -> {
            if (!processor.supportsReset()) {
                throw new ReplayNotSupportedException(name);
            }
            if (from != null && isRebuilding(name)) {
                throw ReplayConflictException.rebuildInProgress(name);
            }
            long deadLetters = from == null ? 0 : processing.deadLetterQueue(name).map(queue -> queue.size()).orElse(0L);
            if (deadLetters > 0) {
                throw ReplayConflictException.deadLettersPending(name, deadLetters);
            }
            ProcessorReplay.restart(processor, () -> {
                TrackingToken start = from == null ? eventStore.createTailToken() : eventStore.createTokenAt(from);
                ReplayRequest request = new ReplayRequest(from, positionOf(start), head(), clock.instant());
                // kept before the reset: a replay whose record is missing would show only Axon's reset positions
                mongo.save(new StartedReplay(name, request), REPLAYS);
                return ProcessorReplay.Reset.to(start, request);
            });
        });
        return found.map(p -> status(p, head()));
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }

    private boolean isRebuilding(String processor) {
        return readModels.stream().anyMatch(model -> model.processingGroup().equals(processor) && model.isRebuilding());
    }

    private long head() {
        return positionOf(eventStore.createHeadToken());
    }

    private static long positionOf(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
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
        // a rebuilt read model still waiting for its switch is part of the replay: until then reads see the old one
        boolean replaying = segments.stream().anyMatch(ProcessorAdmin::isBehindReplayEnd)
                || isRebuilding(processor.getName());
        Long position = segments.stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .map(p -> p.isPresent() ? p.getAsLong() : -1L)
                .min(Long::compare).orElse(null);
        long lag = position == null ? head + 1 : Math.max(0, head - position);
        ReplayRequest request = replaying ? lastReplay(processor.getName(), segments) : null;
        ProcessorStatus.Replay replay = request == null ? null : replay(request, position);
        double progress;
        if (replay != null) {
            progress = replayPercent(request, position);
        } else if (replaying) {
            // a replay started from code, not through this class: only Axon's reset positions are known
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
        // while replaying rounded down, so that an unfinished replay never shows 100
        double shown = replaying ? Math.floor(Math.min(99.9, progress) * 10) / 10.0
                : Math.round(Math.min(100.0, progress) * 10) / 10.0;
        return new ProcessorStatus(processor.getName(), status, position, head, lag, replaying, shown, replay, total,
                segments.size());
    }

    /**
     * The last replay started here, if it is the one in progress: a reset from elsewhere (code, another instance's
     * older record) after it would have reset positions beyond the head that replay captured.
     */
    private ReplayRequest lastReplay(String processor, Collection<EventTrackerStatus> segments) {
        StartedReplay started = mongo.findById(processor, StartedReplay.class, REPLAYS);
        if (started == null) {
            return null;
        }
        boolean matches = segments.stream().map(EventTrackerStatus::getResetPosition)
                .allMatch(resetAt -> resetAt.isEmpty() || resetAt.getAsLong() <= started.request().headAtStart());
        return matches ? started.request() : null;
    }

    /** Percent of the events from the replay's start position to the head at its start that all segments passed. */
    static double replayPercent(ReplayRequest request, Long position) {
        long total = request.headAtStart() - request.startPosition();
        if (total <= 0) {
            return 100.0;
        }
        long done = position == null ? 0 : position - request.startPosition();
        return 100.0 * Math.clamp(done, 0, total) / total;
    }

    private ProcessorStatus.Replay replay(ReplayRequest request, Long position) {
        long done = position == null ? 0 : position - request.startPosition();
        long remaining = request.headAtStart() - (position == null ? request.startPosition() : position);
        Long eta = null;
        if (done > 0 && request.startedAt() != null) {
            long elapsedMillis = Duration.between(request.startedAt(), clock.instant()).toMillis();
            eta = Math.max(0, (long) Math.ceil(elapsedMillis / 1000.0 * Math.max(0, remaining) / done));
        }
        return new ProcessorStatus.Replay(request.from(), request.startPosition(), request.headAtStart(),
                request.startedAt(), eta);
    }
}
