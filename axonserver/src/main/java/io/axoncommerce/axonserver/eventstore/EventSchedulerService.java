package io.axoncommerce.axonserver.eventstore;

import com.google.protobuf.InvalidProtocolBufferException;
import io.axoncommerce.axonserver.eventstore.storage.EventStorage;
import io.axoncommerce.axonserver.eventstore.storage.ScheduledEventStore;
import io.axoncommerce.axonserver.eventstore.storage.ScheduledEventStore.ScheduledEvent;
import io.axoniq.axonserver.grpc.InstructionAck;
import io.axoniq.axonserver.grpc.event.CancelScheduledEventRequest;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventSchedulerGrpc;
import io.axoniq.axonserver.grpc.event.RescheduleEventRequest;
import io.axoniq.axonserver.grpc.event.ScheduleEventRequest;
import io.axoniq.axonserver.grpc.event.ScheduleToken;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Axon Server's event scheduler: events scheduled by Axon's {@code AxonServerEventScheduler} (and so the deadlines
 * built on it) are kept in {@link ScheduledEventStore} until due, then appended to the event store. Schedules survive
 * a restart: {@link #start()} re-arms every stored one, publishing overdue ones at once.
 */
public final class EventSchedulerService extends EventSchedulerGrpc.EventSchedulerImplBase {

    private static final Logger logger = LoggerFactory.getLogger(EventSchedulerService.class);
    private static final long RETRY_MILLIS = 1_000;

    private final EventStorage storage;
    private final ScheduledEventStore schedules;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    /** The schedules waiting, by token; a token no longer here was cancelled (or published). */
    private final Map<String, AtomicReference<ScheduledFuture<?>>> armed = new ConcurrentHashMap<>();

    public EventSchedulerService(EventStorage storage, ScheduledExecutorService timer, Clock clock) {
        this.storage = storage;
        this.schedules = storage.scheduledEvents();
        this.timer = timer;
        this.clock = clock;
    }

    /** Re-arms the schedules stored before the last shutdown. */
    public void start() {
        List<ScheduledEvent> stored = schedules.all();
        stored.forEach(this::arm);
        if (!stored.isEmpty()) {
            logger.info("Re-armed {} scheduled event(s)", stored.size());
        }
    }

    @Override
    public void scheduleEvent(ScheduleEventRequest request, StreamObserver<ScheduleToken> responseObserver) {
        if (!request.hasEvent()) {
            responseObserver.onError(EventStoreService.invalid("event is required"));
            return;
        }
        String token = schedule(request.getInstant(), request.getEvent());
        responseObserver.onNext(ScheduleToken.newBuilder().setToken(token).build());
        responseObserver.onCompleted();
    }

    @Override
    public void rescheduleEvent(RescheduleEventRequest request, StreamObserver<ScheduleToken> responseObserver) {
        if (!request.hasEvent()) {
            responseObserver.onError(EventStoreService.invalid("event is required"));
            return;
        }
        if (!request.getToken().isEmpty()) {
            cancel(request.getToken());
        }
        String token = schedule(request.getInstant(), request.getEvent());
        responseObserver.onNext(ScheduleToken.newBuilder().setToken(token).build());
        responseObserver.onCompleted();
    }

    @Override
    public void cancelScheduledEvent(CancelScheduledEventRequest request,
                                     StreamObserver<InstructionAck> responseObserver) {
        // cancelling an event that was already published (or never existed) is not an error, as in Axon Server
        cancel(request.getToken());
        responseObserver.onNext(InstructionAck.newBuilder().setInstructionId(request.getToken()).setSuccess(true)
                                              .build());
        responseObserver.onCompleted();
    }

    /** Number of schedules waiting for publication. */
    public int pendingCount() {
        return armed.size();
    }

    private String schedule(long dueEpochMillis, Event event) {
        ScheduledEvent scheduled = new ScheduledEvent(UUID.randomUUID().toString(), dueEpochMillis,
                                                      event.toByteArray());
        schedules.put(scheduled);
        arm(scheduled);
        return scheduled.scheduleToken();
    }

    private void cancel(String token) {
        AtomicReference<ScheduledFuture<?>> timerTask = armed.remove(token);
        ScheduledFuture<?> timerSet = timerTask == null ? null : timerTask.get();
        if (timerSet != null) {
            timerSet.cancel(false);
        }
        schedules.remove(token);
    }

    private void arm(ScheduledEvent scheduled) {
        long delay = Math.max(0, scheduled.dueEpochMillis() - clock.millis());
        // registered before the timer is set: an overdue schedule (a restart, a deadline brought forward to now)
        // fires at once, and publish() takes a token it does not find for a cancelled one. Registered after, such
        // schedules were dropped now and then, and stayed stored but never published.
        AtomicReference<ScheduledFuture<?>> timerTask = new AtomicReference<>();
        armed.put(scheduled.scheduleToken(), timerTask);
        timerTask.set(timer.schedule(() -> publish(scheduled), delay, TimeUnit.MILLISECONDS));
    }

    private void publish(ScheduledEvent scheduled) {
        if (!armed.containsKey(scheduled.scheduleToken())) {
            return; // cancelled while the timer fired
        }
        Event event;
        try {
            // the event is published now, so it carries the publication time (token order follows time order)
            event = Event.parseFrom(scheduled.payload()).toBuilder().setTimestamp(clock.millis()).build();
        } catch (InvalidProtocolBufferException e) {
            logger.error("Dropping unreadable scheduled event {}", scheduled.scheduleToken(), e);
            armed.remove(scheduled.scheduleToken());
            schedules.remove(scheduled.scheduleToken());
            return;
        }
        storage.appendEvents(List.of(event)).whenComplete((token, error) -> {
            if (error == null) {
                armed.remove(scheduled.scheduleToken());
                schedules.remove(scheduled.scheduleToken());
                logger.debug("Published scheduled event {} at token {}", scheduled.scheduleToken(), token);
            } else {
                AtomicReference<ScheduledFuture<?>> timerTask = armed.get(scheduled.scheduleToken());
                if (timerTask != null) { // not cancelled meanwhile
                    logger.warn("Publishing scheduled event {} failed, retrying", scheduled.scheduleToken(), error);
                    timerTask.set(timer.schedule(() -> publish(scheduled), RETRY_MILLIS, TimeUnit.MILLISECONDS));
                }
            }
        });
    }
}
