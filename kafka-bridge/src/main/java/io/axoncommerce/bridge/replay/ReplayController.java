package io.axoncommerce.bridge.replay;

import java.time.Instant;

import io.axoncommerce.bridge.publishing.KafkaPublisher;
import io.axoncommerce.support.replay.ProcessorReplay;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Re-publishes everything from a point in time: the bridge's processor is stopped, its tokens reset to the event
 * store's position at {@code from}, and started again. Records are published again with their original
 * {@code ce_id}, so consumers that de-duplicate by id see no change.
 */
@RestController
@RequestMapping("/api/kafka-bridge")
public class ReplayController {

    private final EventProcessingConfiguration processing;

    public ReplayController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public record ReplayRequest(Instant from) {
    }

    public record ReplayStarted(String processor, Instant from) {
    }

    @PostMapping("/replay")
    public ResponseEntity<ReplayStarted> replay(@RequestBody ReplayRequest request) {
        Instant from = request == null || request.from() == null ? Instant.EPOCH : request.from();
        StreamingEventProcessor processor = processing
                .eventProcessor(KafkaPublisher.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor " + KafkaPublisher.PROCESSING_GROUP));
        ProcessorReplay.restart(processor, () -> new ProcessorReplay.Reset(source -> source.createTokenAt(from), null));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReplayStarted(processor.getName(), from));
    }
}
