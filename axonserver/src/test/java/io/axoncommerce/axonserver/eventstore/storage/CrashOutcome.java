package io.axoncommerce.axonserver.eventstore.storage;

import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the appenders of a crash test were told, and the check of a recovered event stream against it. Every event's
 * message id is {@code <txId>#<part>/<size>}, so a transaction can be recognised whole or partial in the stream.
 */
final class CrashOutcome {

    /** Acknowledged transactions; the value is the first token when the append reported it, else -1. */
    final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    /** Transactions refused for a sequence conflict: they must leave no trace. */
    final Set<String> rejected = ConcurrentHashMap.newKeySet();

    static String messageId(String txId, int part, int size) {
        return txId + "#" + part + "/" + size;
    }

    /**
     * Checks the whole recovered stream: contiguous tokens from 0, every event once, each transaction whole and in
     * consecutive tokens, per-aggregate sequences gap-free in token order, every acknowledged transaction present
     * (at its reported token), no rejected one. Returns each aggregate's event count, for index checks.
     */
    Map<String, Long> verify(List<EventWithToken> all) {
        Map<String, Long> firstTokenOfTx = new HashMap<>();
        Map<String, Long> nextSequence = new HashMap<>();
        Set<String> messageIds = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            EventWithToken stored = all.get(i);
            assertThat(stored.getToken()).as("tokens are contiguous from 0").isEqualTo(i);
            Event event = stored.getEvent();
            assertThat(messageIds.add(event.getMessageIdentifier()))
                    .as("event %s stored once", event.getMessageIdentifier()).isTrue();

            String[] idParts = event.getMessageIdentifier().split("[#/]");
            String txId = idParts[0];
            int part = Integer.parseInt(idParts[1]);
            int size = Integer.parseInt(idParts[2]);
            if (part == 0) {
                firstTokenOfTx.put(txId, stored.getToken());
            }
            Long first = firstTokenOfTx.get(txId);
            assertThat(first).as("part %d of %s follows its first part", part, txId).isNotNull();
            assertThat(stored.getToken()).as("%s is stored contiguously", txId).isEqualTo(first + part);

            String aggregate = event.getAggregateIdentifier();
            long expected = nextSequence.getOrDefault(aggregate, 0L);
            assertThat(event.getAggregateSequenceNumber())
                    .as("sequence of %s in token order", aggregate).isEqualTo(expected);
            nextSequence.put(aggregate, expected + 1);
            if (part < size - 1) {
                assertThat(i + 1).as("%s is not cut off at the end of the stream", txId).isLessThan(all.size());
                assertThat(all.get(i + 1).getEvent().getMessageIdentifier())
                        .as("%s is whole", txId).startsWith(txId + "#" + (part + 1) + "/");
            }
        }
        acknowledged.forEach((txId, token) -> {
            assertThat(firstTokenOfTx).as("acknowledged %s survived", txId).containsKey(txId);
            if (token >= 0) {
                assertThat(firstTokenOfTx.get(txId)).as("token of %s", txId).isEqualTo(token);
            }
        });
        rejected.forEach(txId -> assertThat(firstTokenOfTx).as("rejected %s left no trace", txId)
                .doesNotContainKey(txId));
        return nextSequence;
    }
}
