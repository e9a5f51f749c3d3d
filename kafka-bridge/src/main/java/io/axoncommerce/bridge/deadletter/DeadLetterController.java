package io.axoncommerce.bridge.deadletter;

import io.axoncommerce.bridge.publishing.KafkaPublisher;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's parked events, with the operations query-side's admin API has for its projections: list them, retry a
 * sequence or all, evict a letter. A retry publishes a sequence's letters in order and waits for the broker, stops at
 * the first that fails again (it stays parked, one attempt more) and evicts those that were published. The events'
 * payloads are not listed: a poison event is often one too large to pass.
 */
@RestController
@RequestMapping("/api/kafka-bridge/dead-letters")
public class DeadLetterController {

    private final EventProcessingConfiguration processing;

    public DeadLetterController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** A parked event; {@code error} is null for one parked behind an earlier event of its aggregate. */
    public record Letter(String messageId, String eventType, String aggregateId, Long aggregateSequence,
                         Instant eventTimestamp, String errorType, String error, long attempts, Instant enqueuedAt,
                         Instant lastTouched) {
    }

    /** The parked events of one aggregate, in the order they will be retried. */
    public record Sequence(String sequence, List<Letter> letters) {
    }

    /** What a retry did: sequences tried, those published to the end, and the letters still parked afterwards. */
    public record RetryResult(int sequences, int processed, long parked) {
    }

    @GetMapping
    public List<Sequence> list() {
        List<Sequence> sequences = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue().deadLetters()) {
            List<Letter> letters = new ArrayList<>();
            sequence.forEach(letter -> letters.add(letter(letter)));
            if (!letters.isEmpty()) {
                String id = letters.getFirst().aggregateId();
                sequences.add(new Sequence(id != null ? id : letters.getFirst().messageId(), letters));
            }
        }
        return sequences;
    }

    @PostMapping("/retry")
    public RetryResult retryAll() {
        List<String> firstLetters = new ArrayList<>();
        queue().deadLetters()
                .forEach(sequence -> firstLetters.add(sequence.iterator().next().message().getIdentifier()));
        int processed = 0;
        for (String messageId : firstLetters) {
            if (processor().process(letter -> letter.message().getIdentifier().equals(messageId))) {
                processed++;
            }
        }
        return new RetryResult(firstLetters.size(), processed, queue().size());
    }

    /** Retries the sequence whose first letter is the event {@code messageId}. */
    @PostMapping("/{messageId}/retry")
    public RetryResult retry(@PathVariable String messageId) {
        find(messageId, true).orElseThrow(() -> notFound("No dead-letter sequence starts with event " + messageId));
        boolean processed = processor().process(letter -> letter.message().getIdentifier().equals(messageId));
        return new RetryResult(1, processed ? 1 : 0, queue().size());
    }

    /** Drops the letter without publishing it. */
    @DeleteMapping("/{messageId}")
    public ResponseEntity<Void> evict(@PathVariable String messageId) {
        queue().evict(find(messageId, false).orElseThrow(() -> notFound("No dead letter for event " + messageId)));
        return ResponseEntity.noContent().build();
    }

    private Optional<DeadLetter<? extends EventMessage<?>>> find(String messageId, boolean firstOnly) {
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue().deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (letter.message().getIdentifier().equals(messageId)) {
                    return Optional.of(letter);
                }
                if (firstOnly) {
                    break;
                }
            }
        }
        return Optional.empty();
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return processing.deadLetterQueue(KafkaPublisher.PROCESSING_GROUP).orElseThrow();
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> processor() {
        return processing.sequencedDeadLetterProcessor(KafkaPublisher.PROCESSING_GROUP).orElseThrow();
    }

    private static ResponseStatusException notFound(String reason) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, reason);
    }

    private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
        return new Letter(event.getIdentifier(), event.getPayloadType().getName(),
                domain != null ? domain.getAggregateIdentifier() : null,
                domain != null ? domain.getSequenceNumber() : null, event.getTimestamp(),
                letter.cause().map(cause -> cause.type()).orElse(null),
                letter.cause().map(cause -> cause.message()).orElse(null),
                PoisonEventPolicy.attempts(letter), letter.enqueuedAt(), letter.lastTouched());
    }
}
