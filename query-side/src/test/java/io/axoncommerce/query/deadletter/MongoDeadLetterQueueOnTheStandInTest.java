package io.axoncommerce.query.deadletter;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axon-mongo's dead-letter queue on mongo-java-server (no transactions): the operations the projections and the admin
 * API use work there, and the letters are in MongoDB, so they survive a restart (a second queue instance sees them).
 */
class MongoDeadLetterQueueOnTheStandInTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create("mongodb://" + hostAndPort());

    private String hostAndPort() {
        var address = server.bind();
        return address.getHostString() + ":" + address.getPort();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private MongoSequencedDeadLetterQueue<EventMessage<?>> queue() {
        return MongoSequencedDeadLetterQueue.builder()
                .processingGroup("orders-projection")
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "dlq").build())
                .serializer(JacksonSerializer.defaultSerializer())
                .build();
    }

    @Test
    void lettersAreParkedPerSequenceListedProcessedAndEvicted() {
        var queue = queue();
        queue.enqueue("order-1", new GenericDeadLetter<>("order-1", GenericEventMessage.asEventMessage("first"),
                new ThrowableCause(new IllegalStateException("poison"))));
        queue.enqueueIfPresent("order-1", () -> new GenericDeadLetter<>("order-1",
                GenericEventMessage.asEventMessage("second")));
        queue.enqueue("order-2", new GenericDeadLetter<>("order-2", GenericEventMessage.asEventMessage("other"),
                new ThrowableCause(new IllegalStateException("also"))));

        var restarted = queue();
        assertThat(restarted.contains("order-1")).isTrue();
        assertThat(restarted.size()).isEqualTo(3);
        assertThat(restarted.amountOfSequences()).isEqualTo(2);
        List<Object> firstSequence = new ArrayList<>();
        restarted.deadLetterSequence("order-1").forEach(letter -> firstSequence.add(letter.message().getPayload()));
        assertThat(firstSequence).containsExactly("first", "second");
        assertThat(restarted.deadLetters()).hasSize(2);

        List<Object> processed = new ArrayList<>();
        assertThat(restarted.process(letter -> letter.message().getPayload().equals("first"), letter -> {
            processed.add(letter.message().getPayload());
            return Decisions.evict();
        })).isTrue();
        assertThat(processed).containsExactly("first", "second");
        assertThat(restarted.contains("order-1")).isFalse();

        var other = restarted.deadLetterSequence("order-2").iterator().next();
        assertThat(other.cause()).hasValueSatisfying(cause -> assertThat(cause.message()).isEqualTo("also"));
        restarted.evict(other);
        assertThat(restarted.size()).isZero();
    }
}
