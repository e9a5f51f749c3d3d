package io.axoncommerce.axonserver.eventstore.storage;

/** An append does not continue an aggregate's stream (another transaction got there first). Nothing was stored. */
public class SequenceConflictException extends StorageException {

    private final String aggregateId;
    private final long expectedSequence;
    private final long actualSequence;

    public SequenceConflictException(String aggregateId, long expectedSequence, long actualSequence) {
        super("Invalid sequence number %d for aggregate %s, expected %d"
                .formatted(actualSequence, aggregateId, expectedSequence));
        this.aggregateId = aggregateId;
        this.expectedSequence = expectedSequence;
        this.actualSequence = actualSequence;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public long expectedSequence() {
        return expectedSequence;
    }

    public long actualSequence() {
        return actualSequence;
    }
}
