package io.axoncommerce.query.deadletter;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
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

    /** A node restarting answers 503 until its shards are back: the batch waits for it, nothing is parked. */
    @Test
    void anElasticsearchThatIsBusyOrRecoveringIsRethrownNotParked() {
        for (int status : new int[]{429, 503}) {
            var refused = elasticsearchError(status);
            assertThatThrownBy(() -> policy.decide(letter(), refused)).as("status %d", status).isSameAs(refused);
        }
        var badDocument = elasticsearchError(400);
        assertThat(policy.decide(letter(), badDocument).shouldEnqueue()).as("a 400 is the event's own fault").isTrue();
    }

    private static ElasticsearchException elasticsearchError(int status) {
        return new ElasticsearchException("bulk", ErrorResponse.of(r -> r.status(status)
                .error(e -> e.type(status == 400 ? "mapper_parsing_exception" : "unavailable_shards_exception")
                        .reason("as the node answered"))));
    }
}
