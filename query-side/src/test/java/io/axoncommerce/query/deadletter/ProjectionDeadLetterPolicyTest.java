package io.axoncommerce.query.deadletter;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is parked (the event's failures, counted) and what is not (the store's, rethrown for the batch's retry). */
class ProjectionDeadLetterPolicyTest {

    private final ProjectionDeadLetterPolicy policy = new ProjectionDeadLetterPolicy();

    private static DeadLetter<EventMessage<?>> letter() {
        return new GenericDeadLetter<>("order-1", GenericEventMessage.asEventMessage("event"));
    }

    @Test
    void aFailureOfTheEventIsParkedAndEachFailureCounted() {
        IllegalStateException bug = new IllegalStateException("cannot read order-1", new IllegalArgumentException());
        var first = policy.decide(letter(), bug);
        assertThat(first.shouldEnqueue()).isTrue();
        DeadLetter<? extends EventMessage<?>> parked = first.withDiagnostics(letter());
        assertThat(ProjectionDeadLetterPolicy.attempts(parked)).isEqualTo(1);
        assertThat(ProjectionDeadLetterPolicy.attempts(policy.decide(parked, bug).withDiagnostics(parked)))
                .isEqualTo(2);
    }

    @Test
    void aStoreThatCannotBeReachedIsRethrownNotParked() {
        var mongoDown = new DataAccessResourceFailureException("down",
                new MongoSocketReadException("reset", new ServerAddress()));
        assertThatThrownBy(() -> policy.decide(letter(), mongoDown)).isSameAs(mongoDown);
        var searchDown = new IllegalStateException("bulk", new UncheckedIOException(new IOException("refused")));
        assertThatThrownBy(() -> policy.decide(letter(), searchDown)).isSameAs(searchDown);
    }
}
