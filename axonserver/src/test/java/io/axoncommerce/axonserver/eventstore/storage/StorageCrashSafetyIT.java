package io.axoncommerce.axonserver.eventstore.storage;

import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a process that is appending from several threads with SIGKILL at a random moment, reopens its store and checks
 * that every acknowledged transaction is there exactly once, nothing partial, tokens and sequences gap-free. Several
 * rounds run on the same store, so recovery of a store that already survived a crash is covered too.
 */
class StorageCrashSafetyIT {

    private static final int ROUNDS = 5;
    private static final int THREADS = 6;

    @TempDir
    Path dir;

    private record Ack(long firstToken, int size) {
    }

    private final Map<String, Ack> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();

    @Test
    void acknowledgedTransactionsSurviveSigkillWholeAndExactlyOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            int acksBeforeKill = ThreadLocalRandom.current().nextInt(20, 600);
            runAndKill(String.valueOf(round), acksBeforeKill);
            verifyStore();
        }
        assertThat(acknowledged).hasSizeGreaterThan(ROUNDS * 20);
        assertThat(rejected).as("the shared aggregate was contended").isNotEmpty();
    }

    private void runAndKill(String round, int acksBeforeKill) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx256m", "-Daxoniq.update-checker.disabled=true",
                "-cp", System.getProperty("java.class.path"), CrashingAppender.class.getName(),
                dir.resolve("events").toString(), dir.resolve("snapshots").toString(), round,
                String.valueOf(THREADS))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        AtomicInteger acks = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.split(" ");
                    // A line cut short by the kill has no newline and is never returned complete: only whole lines.
                    if (parts[0].equals("ACK")) {
                        acknowledged.put(parts[1], new Ack(Long.parseLong(parts[2]), Integer.parseInt(parts[3])));
                        if (acks.incrementAndGet() >= acksBeforeKill) {
                            enough.countDown();
                        }
                    } else if (parts[0].equals("REJECT")) {
                        rejected.add(parts[1]);
                    }
                }
            } catch (IOException ignored) {
                // The pipe breaks when the child dies; everything read so far is recorded.
            }
        });
        try {
            assertThat(enough.await(60, TimeUnit.SECONDS))
                    .as("child acknowledged %d transactions (alive: %s)", acksBeforeKill, child.isAlive()).isTrue();
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 30));
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    private void verifyStore() {
        try (RocksDbEventStorage storage = RocksDbEventStorage.open(dir.resolve("events"),
                dir.resolve("snapshots"))) {
            List<EventWithToken> all = storage.readEvents(0, Integer.MAX_VALUE);
            assertThat(all).hasSize((int) (storage.lastToken() + 1));

            Map<String, Long> firstTokenOfTx = new HashMap<>();
            Map<String, Long> nextSequence = new HashMap<>();
            Set<String> messageIds = new HashSet<>();
            for (int i = 0; i < all.size(); i++) {
                EventWithToken stored = all.get(i);
                assertThat(stored.getToken()).as("tokens are contiguous").isEqualTo(i);
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
                    assertThat(i + 1).as("%s is not cut off at the end of the store", txId).isLessThan(all.size());
                    assertThat(all.get(i + 1).getEvent().getMessageIdentifier())
                            .as("%s is whole", txId).startsWith(txId + "#" + (part + 1) + "/");
                }
            }
            // The aggregate index agrees with the event stream after recovery.
            nextSequence.forEach((aggregate, next) -> {
                assertThat(storage.readAggregateEvents(aggregate, 0, Long.MAX_VALUE))
                        .extracting(Event::getAggregateSequenceNumber)
                        .as("sequences of %s", aggregate)
                        .containsExactlyElementsOf(LongStream.range(0, next).boxed().toList());
                assertThat(storage.highestSequence(aggregate)).isEqualTo(next - 1);
            });

            acknowledged.forEach((txId, ack) -> {
                assertThat(firstTokenOfTx).as("acknowledged %s survived", txId).containsKey(txId);
                assertThat(firstTokenOfTx.get(txId)).as("token of %s", txId).isEqualTo(ack.firstToken());
            });
            rejected.forEach(txId -> assertThat(firstTokenOfTx).as("rejected %s left no trace", txId)
                    .doesNotContainKey(txId));
        }
    }
}
