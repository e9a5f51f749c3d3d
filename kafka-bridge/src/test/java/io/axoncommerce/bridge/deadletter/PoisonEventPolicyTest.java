package io.axoncommerce.bridge.deadletter;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.serialization.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is parked (what Kafka refuses for good, counted) and what is not (outages, rethrown for the batch's retry). */
class PoisonEventPolicyTest {

    private final PoisonEventPolicy policy = new PoisonEventPolicy();

    private static DeadLetter<EventMessage<?>> letter() {
        return new GenericDeadLetter<>("product-1", GenericEventMessage.asEventMessage("event"));
    }

    @Test
    void aRecordKafkaRefusesForGoodIsParkedAndEachFailureCounted() {
        var tooLarge = new KafkaException("send failed", new RecordTooLargeException("too large"));
        var first = policy.decide(letter(), tooLarge);
        assertThat(first.shouldEnqueue()).isTrue();
        DeadLetter<? extends EventMessage<?>> parked = first.withDiagnostics(letter());
        assertThat(PoisonEventPolicy.attempts(parked)).isEqualTo(1);
        assertThat(PoisonEventPolicy.attempts(policy.decide(parked, tooLarge).withDiagnostics(parked))).isEqualTo(2);

        assertThat(policy.decide(letter(), new SerializationException("no serializer")).shouldEnqueue()).isTrue();
    }

    @Test
    void anOutageIsRethrownNotParked() {
        var down = new KafkaException("send failed", new TimeoutException("metadata not available"));
        assertThatThrownBy(() -> policy.decide(letter(), down)).isSameAs(down);
        var replicas = new ExecutionException(new NotEnoughReplicasException("1 of 3"));
        assertThatThrownBy(() -> policy.decide(letter(), replicas)).hasCause(replicas);
        var topics = new IllegalStateException("cannot create or check the topics");
        assertThatThrownBy(() -> policy.decide(letter(), topics)).isSameAs(topics);
    }
}
