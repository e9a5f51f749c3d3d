package io.axoncommerce.query.product;

import io.axoncommerce.query.admin.ProcessorAdmin;
import io.axoncommerce.query.projection.ProcessingGroups;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Swaps the search alias to the rebuilt index once the search processor has caught up: every segment of the
 * processor is claimed here and each has reached the position the event store had when the replay started. A
 * segment's status advances only after the batch that got it there was written and committed, so the new index then
 * holds everything the old one did.
 */
@Component
public class SearchRebuildWatcher {

    private static final Logger log = LoggerFactory.getLogger(SearchRebuildWatcher.class);

    private final ProductIndex index;
    private final EventProcessingConfiguration processing;

    public SearchRebuildWatcher(ProductIndex index, EventProcessingConfiguration processing) {
        this.index = index;
        this.processing = processing;
    }

    @Scheduled(fixedDelayString = "${query-side.search.rebuild-check-interval:200ms}")
    public void completeRebuildWhenCaughtUp() {
        if (!index.isRebuilding()) {
            return;
        }
        var processor = processing.eventProcessor(ProcessingGroups.PRODUCT_SEARCH, StreamingEventProcessor.class)
                .orElse(null);
        if (processor == null || !processor.isRunning() || processor.isError()) {
            return;
        }
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        int segments = processing.tokenStore(ProcessingGroups.PRODUCT_SEARCH)
                .fetchSegments(ProcessingGroups.PRODUCT_SEARCH).length;
        if (segments == 0 || status.size() < segments) {
            return;
        }
        if (status.values().stream().noneMatch(s -> ProcessorAdmin.isBehindReplayEnd(s) || s.isErrorState())) {
            try {
                index.completeRebuild();
            } catch (RuntimeException e) {
                log.warn("Could not swap the search alias yet; will retry", e);
            }
        }
    }
}
