package io.axoncommerce.axonserver.eventstore;

import com.google.protobuf.ByteString;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.CancelScheduledEventRequest;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventSchedulerGrpc;
import io.axoniq.axonserver.grpc.event.RescheduleEventRequest;
import io.axoniq.axonserver.grpc.event.ScheduleEventRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduled events are durable: a schedule made before a restart is published after it. */
class EventSchedulerIT {

    @TempDir
    Path dataDir;

    private static Event reminder(String text) {
        return Event.newBuilder().setMessageIdentifier(text).setPayload(
                SerializedObject.newBuilder().setType("Reminder").setData(ByteString.copyFromUtf8(text))).build();
    }

    @Test
    void publishesEveryOverdueSchedule() {
        // due at once: the timer fires while the schedule is being registered (a deadline brought forward to now,
        // or every overdue schedule at a restart); each one must still be published
        int schedules = 500;
        try (EmbeddedAxonServer server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir).build()
                                                           .start()) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", server.grpcPort()).usePlaintext()
                                                        .build();
            try {
                var scheduler = EventSchedulerGrpc.newBlockingStub(channel);
                for (int i = 0; i < schedules; i++) {
                    scheduler.scheduleEvent(ScheduleEventRequest.newBuilder().setInstant(System.currentTimeMillis() - 1)
                                                                .setEvent(reminder("overdue-" + i)).build());
                }
            } finally {
                channel.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.storage().lastToken() == schedules - 1);
            assertThat(server.eventScheduler().pendingCount()).isZero();
            assertThat(server.storage().scheduledEvents().all()).isEmpty();
        }
    }

    @Test
    void publishesSchedulesThatOutliveARestartAndForgetsCancelledOnes() {
        long due;
        try (EmbeddedAxonServer server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir).build()
                                                           .start()) {
            // due after the server below has stopped, so only the stored schedules can publish them
            due = System.currentTimeMillis() + 3_000;
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", server.grpcPort()).usePlaintext()
                                                        .build();
            try {
                var scheduler = EventSchedulerGrpc.newBlockingStub(channel);
                scheduler.scheduleEvent(ScheduleEventRequest.newBuilder().setInstant(due)
                                                            .setEvent(reminder("survivor")).build());
                String cancelled = scheduler.scheduleEvent(ScheduleEventRequest.newBuilder().setInstant(due)
                                                                               .setEvent(reminder("cancelled"))
                                                                               .build()).getToken();
                assertThat(scheduler.cancelScheduledEvent(CancelScheduledEventRequest.newBuilder()
                                                                                     .setToken(cancelled).build())
                                    .getSuccess()).isTrue();
                String moved = scheduler.scheduleEvent(ScheduleEventRequest.newBuilder().setInstant(due + 60_000)
                                                                           .setEvent(reminder("moved")).build())
                                        .getToken();
                String rescheduled = scheduler.rescheduleEvent(RescheduleEventRequest.newBuilder().setToken(moved)
                                                                                     .setInstant(due)
                                                                                     .setEvent(reminder("moved"))
                                                                                     .build()).getToken();
                assertThat(rescheduled).isNotEqualTo(moved);
                assertThat(server.eventScheduler().pendingCount()).isEqualTo(2);
            } finally {
                channel.shutdownNow();
            }
            assertThat(server.storage().lastToken()).isEqualTo(-1);
        }

        try (EmbeddedAxonServer restarted = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir).build()
                                                              .start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> restarted.storage().lastToken() == 1);
            assertThat(restarted.storage().readEvents(0, 10))
                    .extracting(e -> e.getEvent().getPayload().getData().toStringUtf8())
                    .containsExactlyInAnyOrder("survivor", "moved");
            assertThat(restarted.storage().readEvents(0, 10))
                    .allSatisfy(e -> assertThat(e.getEvent().getTimestamp()).isGreaterThanOrEqualTo(due));
            assertThat(restarted.eventScheduler().pendingCount()).isZero();
            assertThat(restarted.storage().scheduledEvents().all()).isEmpty();
        }
    }
}
