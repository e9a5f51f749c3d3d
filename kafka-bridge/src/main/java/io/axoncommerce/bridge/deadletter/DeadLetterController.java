package io.axoncommerce.bridge.deadletter;

import io.axoncommerce.bridge.publishing.KafkaPublisher;
import io.axoncommerce.support.deadletter.DeadLetterAdmin;
import io.axoncommerce.support.deadletter.DeadLetterView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/**
 * The bridge's parked events, with the operations query-side's admin API has for its projections (service-support's
 * {@link DeadLetterAdmin}): list them, retry a sequence or all, evict a letter. A retry publishes a sequence's letters
 * in order and waits for the broker, stops at the first that fails again (it stays parked, one attempt more) and evicts
 * those that were published. The events' payloads are not listed: a poison event is often one too large to pass. A
 * sequence is an aggregate (the processor's default sequencing), named by its id.
 */
@RestController
@RequestMapping("/api/kafka-bridge/dead-letters")
public class DeadLetterController {

    private final DeadLetterAdmin deadLetters;

    public DeadLetterController(DeadLetterAdmin deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    public List<DeadLetterView.Sequence> list() {
        return deadLetters.list(KafkaPublisher.PROCESSING_GROUP, false).orElseThrow();
    }

    @PostMapping("/retry")
    public DeadLetterView.RetryResult retryAll() {
        return deadLetters.retryAll(KafkaPublisher.PROCESSING_GROUP).orElseThrow();
    }

    /** Retries the sequence whose first letter is the event {@code messageId}. */
    @PostMapping("/{messageId}/retry")
    public DeadLetterView.RetryResult retry(@PathVariable String messageId) {
        return deadLetters.retry(KafkaPublisher.PROCESSING_GROUP, messageId)
                .orElseThrow(() -> notFound("No dead-letter sequence starts with event " + messageId));
    }

    /** Drops the letter without publishing it. */
    @DeleteMapping("/{messageId}")
    public ResponseEntity<Void> evict(@PathVariable String messageId) {
        if (!deadLetters.evict(KafkaPublisher.PROCESSING_GROUP, messageId)) {
            throw notFound("No dead letter for event " + messageId);
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException notFound(String reason) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, reason);
    }
}
