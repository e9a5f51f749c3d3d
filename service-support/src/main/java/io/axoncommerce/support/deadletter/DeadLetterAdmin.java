package io.axoncommerce.support.deadletter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

/**
 * The dead letters of a service's event processors (query-side's projections, the Kafka bridge): list them, retry a
 * sequence or all, evict a letter. A retry hands a sequence's letters to the processor's handlers in order, stops at
 * the first that fails again (it stays parked, one attempt more) and evicts those that succeeded. The HTTP APIs over
 * it are each service's own.
 */
public class DeadLetterAdmin {

    private final EventProcessingConfiguration processing;

    public DeadLetterAdmin(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /**
     * The parked sequences of the processor, each named by the processor's sequencing policy (the event's message id
     * where the policy gives none, as Axon's dead-letter queue does); empty if it has no dead-letter queue.
     *
     * @param withEvents whether the views carry the events' payloads (a poison event is often one too large to pass)
     */
    public Optional<List<DeadLetterView.Sequence>> list(String processor, boolean withEvents) {
        return queue(processor).map(queue -> {
            var policy = processing.sequencingPolicy(processor);
            List<DeadLetterView.Sequence> sequences = new ArrayList<>();
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                List<DeadLetterView> letters = new ArrayList<>();
                sequence.forEach(letter -> letters.add(view(letter, withEvents)));
                if (!letters.isEmpty()) {
                    EventMessage<?> first = sequence.iterator().next().message();
                    Object id = policy.getSequenceIdentifierFor(first);
                    sequences.add(new DeadLetterView.Sequence(id != null ? String.valueOf(id) : first.getIdentifier(),
                            letters));
                }
            }
            return sequences;
        });
    }

    /** Retries every parked sequence once. */
    public Optional<DeadLetterView.RetryResult> retryAll(String processor) {
        return deadLetterProcessor(processor).map(deadLetters -> {
            List<String> firstLetters = new ArrayList<>();
            queue(processor).orElseThrow().deadLetters()
                    .forEach(sequence -> firstLetters.add(sequence.iterator().next().message().getIdentifier()));
            int processed = 0;
            for (String messageId : firstLetters) {
                if (deadLetters.process(letter -> letter.message().getIdentifier().equals(messageId))) {
                    processed++;
                }
            }
            return new DeadLetterView.RetryResult(firstLetters.size(), processed, queue(processor).orElseThrow().size());
        });
    }

    /**
     * Retries the sequence whose first letter is the event {@code messageId}.
     *
     * @return empty if the processor has no queue or no sequence starts with that event
     */
    public Optional<DeadLetterView.RetryResult> retry(String processor, String messageId) {
        var deadLetters = deadLetterProcessor(processor);
        if (deadLetters.isEmpty() || find(processor, messageId, true).isEmpty()) {
            return Optional.empty();
        }
        boolean processed = deadLetters.get().process(letter -> letter.message().getIdentifier().equals(messageId));
        return Optional.of(new DeadLetterView.RetryResult(1, processed ? 1 : 0, queue(processor).orElseThrow().size()));
    }

    /** Evicts the letter of the event {@code messageId} without handling it; false if there is none. */
    public boolean evict(String processor, String messageId) {
        Optional<DeadLetter<? extends EventMessage<?>>> letter = find(processor, messageId, false);
        letter.ifPresent(found -> queue(processor).orElseThrow().evict(found));
        return letter.isPresent();
    }

    /** The number of dead letters of the processor (0 without a queue). */
    public long size(String processor) {
        return queue(processor).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    private Optional<DeadLetter<? extends EventMessage<?>>> find(String processor, String messageId,
                                                                 boolean firstOnly) {
        return queue(processor).flatMap(queue -> {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
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
        });
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String processor) {
        return processing.deadLetterQueue(processor);
    }

    private Optional<SequencedDeadLetterProcessor<EventMessage<?>>> deadLetterProcessor(String processor) {
        return processing.sequencedDeadLetterProcessor(processor);
    }

    private static DeadLetterView view(DeadLetter<? extends EventMessage<?>> letter, boolean withEvent) {
        EventMessage<?> event = letter.message();
        String aggregateId = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        Long aggregateSequence = event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        return new DeadLetterView(event.getIdentifier(), event.getPayloadType().getName(),
                withEvent ? event.getPayload() : null, aggregateId, aggregateSequence, event.getTimestamp(),
                letter.cause().map(cause -> cause.type()).orElse(null),
                letter.cause().map(cause -> cause.message()).orElse(null),
                AttemptCountingEnqueuePolicy.attempts(letter), letter.enqueuedAt(), letter.lastTouched());
    }
}
