package io.axoncommerce.axonserver.eventstore.storage;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Confirmation;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import io.axoniq.axonserver.grpc.event.GetAggregateEventsRequest;
import io.axoniq.axonserver.grpc.event.GetEventsRequest;
import io.axoniq.axonserver.grpc.event.GetLastTokenRequest;
import io.axoniq.axonserver.grpc.event.ReadHighestSequenceNrRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test: the server runs in a child process, several threads append to it over gRPC, the test kills
 * it with SIGKILL at a random moment, starts it again and checks through gRPC that every transaction whose
 * {@code AppendEvent} call completed OK is there exactly once and whole, that rejected ones left no trace, and that
 * tokens and per-aggregate sequences are gap-free. Each restart is also the next round's server.
 */
class ServerCrashSafetyIT {

    private static final int ROUNDS = 3;
    private static final int THREADS = 6;
    private static final String SHARED_AGGREGATE = "shared";

    @TempDir
    Path dir;

    private final CrashOutcome outcome = new CrashOutcome();

    @Test
    void acknowledgedAppendsSurviveSigkillOfTheServer() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (ServerProcess server = ServerProcess.start(dir)) {
                verify(server.channel);
                appendUntilKilled(server, String.valueOf(round), ThreadLocalRandom.current().nextInt(20, 150));
            }
        }
        try (ServerProcess server = ServerProcess.start(dir)) {
            verify(server.channel);
        }
        assertThat(outcome.acknowledged).hasSizeGreaterThan(ROUNDS * 20);
        assertThat(outcome.rejected).as("the shared aggregate was contended").isNotEmpty();
    }

    private void appendUntilKilled(ServerProcess server, String round, int acksBeforeKill) throws Exception {
        AtomicInteger acks = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(1);
        List<CompletableFuture<Void>> appenders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String aggregate = "owner-" + round + "-" + t;
            String txPrefix = round + "-" + t + "-";
            appenders.add(CompletableFuture.runAsync(() -> {
                EventStoreGrpc.EventStoreBlockingStub blocking = EventStoreGrpc.newBlockingStub(server.channel);
                EventStoreGrpc.EventStoreStub async = EventStoreGrpc.newStub(server.channel);
                long ownSequence = 0;
                for (long tx = 0; !killed.get(); tx++) {
                    String txId = txPrefix + tx;
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    int ownEvents = 1 + random.nextInt(5);
                    List<Event> events = new ArrayList<>();
                    for (int i = 0; i < ownEvents; i++) {
                        events.add(Event.newBuilder().setAggregateIdentifier(aggregate)
                                .setAggregateSequenceNumber(ownSequence + i).build());
                    }
                    if (random.nextInt(3) == 0) {
                        long next;
                        try {
                            next = blocking.readHighestSequenceNr(ReadHighestSequenceNrRequest.newBuilder()
                                    .setAggregateId(SHARED_AGGREGATE).build()).getToSequenceNr() + 1;
                        } catch (StatusRuntimeException e) {
                            return; // the server is gone
                        }
                        events.add(random.nextInt(events.size() + 1), Event.newBuilder()
                                .setAggregateIdentifier(SHARED_AGGREGATE).setAggregateSequenceNumber(next).build());
                    }
                    Status status = append(async, txId, events);
                    if (status.isOk()) {
                        outcome.acknowledged.put(txId, -1L);
                        ownSequence += ownEvents;
                        if (acks.incrementAndGet() >= acksBeforeKill) {
                            enough.countDown();
                        }
                    } else if (status.getCode() == Status.Code.ABORTED) {
                        outcome.rejected.add(txId); // a sequence conflict: refused before anything was stored
                    } else {
                        return; // the server is gone: the outcome of this transaction is unknown
                    }
                }
            }));
        }
        try {
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("%d appends acknowledged", acksBeforeKill).isTrue();
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 30));
        } finally {
            killed.set(true);
            server.kill();
        }
        CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    /** One AppendEvent call: the events, then half-close (commit); returns the call's final status. */
    private static Status append(EventStoreGrpc.EventStoreStub stub, String txId, List<Event> skeletons) {
        CompletableFuture<Status> result = new CompletableFuture<>();
        StreamObserver<Event> call = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .appendEvent(new StreamObserver<>() {
                    @Override
                    public void onNext(Confirmation confirmation) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(Status.OK);
                    }
                });
        try {
            for (int part = 0; part < skeletons.size(); part++) {
                call.onNext(event(skeletons.get(part), txId, part, skeletons.size()));
            }
            call.onCompleted();
        } catch (RuntimeException e) {
            return Status.fromThrowable(e);
        }
        return result.join();
    }

    private static Event event(Event skeleton, String txId, int part, int size) {
        return skeleton.toBuilder()
                .setMessageIdentifier(CrashOutcome.messageId(txId, part, size))
                .setAggregateType("CrashTest")
                .setTimestamp(System.currentTimeMillis())
                .setPayload(SerializedObject.newBuilder().setType("CrashTestEvent")
                        .setData(ByteString.copyFromUtf8("{\"tx\":\"%s\",\"part\":%d,\"filler\":\"%s\"}"
                                .formatted(txId, part, "x".repeat(180)))))
                .build();
    }

    private void verify(ManagedChannel channel) throws Exception {
        EventStoreGrpc.EventStoreBlockingStub blocking = EventStoreGrpc.newBlockingStub(channel);
        long lastToken = blocking.getLastToken(GetLastTokenRequest.getDefaultInstance()).getToken();
        List<EventWithToken> all = readAll(channel, lastToken + 1);
        Map<String, Long> eventsPerAggregate = outcome.verify(all);
        for (Map.Entry<String, Long> aggregate : eventsPerAggregate.entrySet()) {
            List<Long> sequences = new ArrayList<>();
            Iterator<Event> events = blocking.listAggregateEvents(GetAggregateEventsRequest.newBuilder()
                    .setAggregateId(aggregate.getKey()).build());
            events.forEachRemaining(e -> sequences.add(e.getAggregateSequenceNumber()));
            assertThat(sequences).as("ListAggregateEvents of %s", aggregate.getKey())
                    .containsExactlyElementsOf(LongStream.range(0, aggregate.getValue()).boxed().toList());
            assertThat(blocking.readHighestSequenceNr(ReadHighestSequenceNrRequest.newBuilder()
                    .setAggregateId(aggregate.getKey()).build()).getToSequenceNr())
                    .isEqualTo(aggregate.getValue() - 1);
        }
    }

    /** ListEvents from token 0 with permits for exactly {@code count} events, then cancels the tailing stream. */
    private static List<EventWithToken> readAll(ManagedChannel channel, long count) throws Exception {
        List<EventWithToken> events = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (count == 0) {
            return events;
        }
        StreamObserver<GetEventsRequest> requests = EventStoreGrpc.newStub(channel).listEvents(
                new ClientResponseObserver<GetEventsRequest, EventWithToken>() {
                    private ClientCallStreamObserver<GetEventsRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<GetEventsRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(EventWithToken event) {
                        events.add(event);
                        if (events.size() == count) {
                            done.complete(null);
                            call.cancel("read everything", null);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.completeExceptionally(new AssertionError("ListEvents ended by itself"));
                    }
                });
        requests.onNext(GetEventsRequest.newBuilder().setTrackingToken(0).setNumberOfPermits(count)
                .setClientId("crash-test").setComponentName("crash-test").build());
        done.get(60, TimeUnit.SECONDS);
        return new ArrayList<>(events);
    }

    /** The server in a child JVM with the test class path; closing it kills it with SIGKILL if still alive. */
    private static final class ServerProcess implements AutoCloseable {

        private final Process process;
        private final ManagedChannel channel;

        private ServerProcess(Process process, int port) {
            this.process = process;
            this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }

        static ServerProcess start(Path dir) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-Xmx256m", "-Daxoniq.update-checker.disabled=true",
                    "-cp", System.getProperty("java.class.path"), CrashTestServer.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("PORT ")) {
                            return Integer.parseInt(line.substring(5).trim());
                        }
                    }
                    throw new IllegalStateException("Server exited with " + process.waitFor());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                ServerProcess server = new ServerProcess(process, port.get(60, TimeUnit.SECONDS));
                // Keep draining stdout (logs) so the child never blocks on a full pipe.
                Thread.ofPlatform().daemon().start(() -> lines.lines().forEach(line -> { }));
                return server;
            } catch (Exception e) {
                process.destroyForcibly();
                throw e;
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow();
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
