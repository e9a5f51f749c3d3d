package io.axoncommerce.query.projection;

import io.axoncommerce.query.admin.ProcessorAdmin;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Switches each rebuilt read model in once its processor has caught up: every segment of the processor is claimed
 * here and each has reached the position the event store had when the replay started. A segment's status advances
 * only after the batch that got it there was written and committed, so the new store then holds everything the old
 * one did.
 */
@Component
public class RebuildWatcher {

    private static final Logger log = LoggerFactory.getLogger(RebuildWatcher.class);

    private final List<RebuildableReadModel> readModels;
    private final EventProcessingConfiguration processing;

    public RebuildWatcher(List<RebuildableReadModel> readModels, EventProcessingConfiguration processing) {
        this.readModels = readModels;
        this.processing = processing;
    }

    @Scheduled(fixedDelayString = "${query-side.rebuild-check-interval:200ms}")
    public void completeRebuildsWhenCaughtUp() {
        for (RebuildableReadModel readModel : readModels) {
            try {
                if (readModel.isRebuilding() && caughtUp(readModel.processingGroup())) {
                    readModel.completeRebuild();
                }
            } catch (RuntimeException e) {
                log.warn("Could not switch the rebuilt {} read model in yet; will retry",
                        readModel.processingGroup(), e);
            }
        }
    }

    private boolean caughtUp(String group) {
        var processor = processing.eventProcessor(group, StreamingEventProcessor.class).orElse(null);
        if (processor == null || !processor.isRunning() || processor.isError()) {
            return false;
        }
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        int segments = processing.tokenStore(group).fetchSegments(group).length;
        if (segments == 0 || status.size() < segments) {
            return false;
        }
        return status.values().stream().noneMatch(s -> ProcessorAdmin.isBehindReplayEnd(s) || s.isErrorState());
    }
}
