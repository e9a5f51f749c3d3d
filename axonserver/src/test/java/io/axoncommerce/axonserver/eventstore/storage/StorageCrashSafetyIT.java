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
import java.util.List;
import java.util.Map;
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

    private static final int ROUNDS = 4;
    private static final int THREADS = 6;

    @TempDir
    Path dir;

    private final CrashOutcome outcome = new CrashOutcome();

    @Test
    void acknowledgedTransactionsSurviveSigkillWholeAndExactlyOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            int acksBeforeKill = ThreadLocalRandom.current().nextInt(20, 600);
            runAndKill(String.valueOf(round), acksBeforeKill);
            verifyStore();
        }
        assertThat(outcome.acknowledged).hasSizeGreaterThan(ROUNDS * 20);
        assertThat(outcome.rejected).as("the shared aggregate was contended").isNotEmpty();
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
                        outcome.acknowledged.put(parts[1], Long.parseLong(parts[2]));
                        if (acks.incrementAndGet() >= acksBeforeKill) {
                            enough.countDown();
                        }
                    } else if (parts[0].equals("REJECT")) {
                        outcome.rejected.add(parts[1]);
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
            Map<String, Long> eventsPerAggregate = outcome.verify(all);
            // The aggregate index agrees with the event stream after recovery.
            eventsPerAggregate.forEach((aggregate, count) -> {
                assertThat(storage.readAggregateEvents(aggregate, 0, Long.MAX_VALUE))
                        .extracting(Event::getAggregateSequenceNumber)
                        .as("sequences of %s", aggregate)
                        .containsExactlyElementsOf(LongStream.range(0, count).boxed().toList());
                assertThat(storage.highestSequence(aggregate)).isEqualTo(count - 1);
            });
        }
    }
}
