package io.axoncommerce.axonserver.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.conformance.Messages.BalanceQuery;
import io.axoncommerce.axonserver.conformance.Messages.Deposit;
import io.axoncommerce.axonserver.conformance.Messages.NobodyAnswersQuery;
import io.axoncommerce.axonserver.conformance.Messages.NobodyHandlesCommand;
import io.axoncommerce.axonserver.conformance.Messages.OpenAccount;
import io.axoncommerce.axonserver.conformance.Messages.RacingDeposit;
import io.axoncommerce.axonserver.conformance.Messages.Reminder;
import io.axoncommerce.axonserver.conformance.Messages.WhoIsThereQuery;
import io.axoncommerce.axonserver.platform.PlatformService;
import io.axoniq.axonserver.grpc.control.EventProcessorInfo;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.axonframework.eventhandling.scheduling.ScheduleToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Conformance: a real Axon Framework 4.13 Spring Boot application, started twice, against our server. One server and
 * both application instances are shared by all tests of this class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AxonConformanceIT {

    private static final ObjectMapper json = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer server;
    static ConfigurableApplicationContext instanceA;
    static ConfigurableApplicationContext instanceB;

    @BeforeAll
    static void start() {
        server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir).build().start();
        instanceA = startInstance("a", false);
        instanceB = startInstance("b", true);
        // both instances subscribed their handlers before any test dispatches
        await().atMost(Duration.ofSeconds(30)).until(
                () -> server.commands().subscriptions().getOrDefault(Deposit.class.getName(), Set.of()).size() == 2);
    }

    static ConfigurableApplicationContext startInstance(String name, boolean projection) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.application.name", "conformance");
        properties.put("axon.axonserver.servers", "localhost:" + server.grpcPort());
        properties.put("axon.axonserver.client-id", "instance-" + name);
        properties.put("axon.axonserver.component-name", "conformance");
        properties.put("axon.serializer.general", "jackson");
        properties.put("axon.serializer.events", "jackson");
        properties.put("axon.serializer.messages", "jackson");
        properties.put("axon.eventhandling.processors.tracking-recorder.mode", "tracking");
        properties.put("axon.eventhandling.processors.pooled-recorder.mode", "pooled");
        properties.put("axon.eventhandling.processors.pooled-recorder.initial-segment-count", "1");
        properties.put("axon.eventhandling.processors.admin-target.mode", "pooled");
        properties.put("axon.eventhandling.processors.admin-target.initial-segment-count", "1");
        properties.put("axon.eventhandling.processors.balances.mode", "tracking");
        properties.put("conformance.instance", name);
        properties.put("conformance.projection", String.valueOf(projection));
        return new SpringApplicationBuilder(ConformanceApp.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }

    @AfterAll
    static void stop() {
        if (instanceA != null) {
            instanceA.close();
        }
        if (instanceB != null) {
            instanceB.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static CommandGateway commands(ConfigurableApplicationContext instance) {
        return instance.getBean(CommandGateway.class);
    }

    private static QueryGateway queries(ConfigurableApplicationContext instance) {
        return instance.getBean(QueryGateway.class);
    }

    private static List<EventWithToken> storedEvents() {
        return server.storage().readEvents(0, Integer.MAX_VALUE);
    }

    private static List<String> storedEventIds() {
        return storedEvents().stream().map(e -> e.getEvent().getMessageIdentifier()).toList();
    }

    private static String newAccount(ConfigurableApplicationContext instance) {
        String id = "acc-" + UUID.randomUUID();
        commands(instance).sendAndWait(new OpenAccount(id, "owner of " + id));
        return id;
    }

    private static JsonNode payload(Event event) throws Exception {
        return json.readTree(event.getPayload().getData().toByteArray());
    }

    @Test
    @Order(1)
    void createsAndUpdatesAnEventSourcedAggregate() throws Exception {
        String id = newAccount(instanceA);
        commands(instanceA).sendAndWait(new Deposit(id, 10));
        commands(instanceB).sendAndWait(new Deposit(id, 5));

        List<Event> events = server.storage().readAggregateEvents(id, 0, Long.MAX_VALUE);
        assertThat(events).extracting(Event::getAggregateSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(events).extracting(e -> e.getPayload().getType())
                          .containsExactly(Messages.AccountOpened.class.getName(), Messages.Deposited.class.getName(),
                                           Messages.Deposited.class.getName());
        assertThat(events).allSatisfy(e -> assertThat(e.getAggregateType()).isEqualTo("Account"));
        // the last deposit was decided on state rebuilt from the first two events
        assertThat(payload(events.get(2)).get("balance").asLong()).isEqualTo(15);
    }

    @Test
    @Order(2)
    void takesSnapshotsAndLoadsFromThem() throws Exception {
        String id = newAccount(instanceA);
        for (int i = 1; i <= 7; i++) {
            commands(instanceA).sendAndWait(new Deposit(id, 1));
        }
        await().atMost(Duration.ofSeconds(10))
               .until(() -> !server.storage().readSnapshots(id, 0, Long.MAX_VALUE, 0).isEmpty());
        Event snapshot = server.storage().readSnapshots(id, 0, Long.MAX_VALUE, 1).getFirst();
        assertThat(snapshot.getSnapshot()).isTrue();
        assertThat(snapshot.getAggregateSequenceNumber()).isBetween(2L, 7L);

        // the other instance loads snapshot + later events and decides on the right balance
        commands(instanceB).sendAndWait(new Deposit(id, 100));
        List<Event> events = server.storage().readAggregateEvents(id, 8, Long.MAX_VALUE);
        assertThat(events).hasSize(1);
        assertThat(payload(events.getFirst()).get("balance").asLong()).isEqualTo(107);
    }

    @Test
    @Order(3)
    void trackingAndPooledProcessorsReceiveEveryEventInOrder() {
        String id = newAccount(instanceB);
        for (int i = 0; i < 20; i++) {
            commands(i % 2 == 0 ? instanceA : instanceB).sendAndWait(new Deposit(id, i));
        }
        List<String> expected = storedEventIds();
        for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
            Recorders.TrackingRecorder tracking = instance.getBean(Recorders.TrackingRecorder.class);
            Recorders.PooledRecorder pooled = instance.getBean(Recorders.PooledRecorder.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(tracking.seen()).containsExactlyElementsOf(expected);
                assertThat(pooled.seen()).containsExactlyElementsOf(expected);
            });
        }
    }

    @Test
    @Order(4)
    void routesTheSameRoutingKeyAlwaysToTheSameInstance() {
        Map<String, String> handledBy = new HashMap<>();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // fixed ids and client ids make the expected spread deterministic (rendezvous hashing has no state)
            String id = "routing-" + i;
            commands(i % 2 == 0 ? instanceA : instanceB).sendAndWait(new OpenAccount(id, "router"));
            accounts.add(id);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < accounts.size(); i++) {
                String account = accounts.get(i);
                // dispatch from either instance: the server decides, not the sender
                String instance = commands(round % 2 == 0 ? instanceA : instanceB)
                        .sendAndWait(new Deposit(account, 1));
                String first = handledBy.putIfAbsent(account, instance);
                assertThat(instance).as("handler of %s in round %d", account, round)
                                    .isEqualTo(first == null ? instance : first);
            }
        }
        assertThat(new HashSet<>(handledBy.values())).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    @Order(5)
    void commandWithoutHandlerFailsWithNoHandlerForCommandException() {
        assertThatThrownBy(() -> commands(instanceA).sendAndWait(new NobodyHandlesCommand("x")))
                .isInstanceOf(NoHandlerForCommandException.class)
                .hasMessageContaining(NobodyHandlesCommand.class.getName());
    }

    @Test
    @Order(6)
    void queryWithoutHandlerFailsWithNoHandlerForQueryException() {
        CompletableFuture<String> result = queries(instanceA).query(new NobodyAnswersQuery(), String.class);
        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NoHandlerForQueryException.class);
    }

    @Test
    @Order(7)
    void scatterGatherCollectsTheAnswersOfEveryInstance() {
        List<String> answers = queries(instanceA)
                .scatterGather(new WhoIsThereQuery(), ResponseTypes.instanceOf(String.class), 10, TimeUnit.SECONDS)
                .toList();
        assertThat(answers).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    @Order(8)
    void pointToPointQueryGetsOneAnswer() throws Exception {
        String answer = queries(instanceB).query(new WhoIsThereQuery(), String.class).get(10, TimeUnit.SECONDS);
        assertThat(answer).isIn("a", "b");
    }

    @Test
    @Order(9)
    void subscriptionQueryDeliversInitialResultAndUpdates() {
        String id = newAccount(instanceA);
        QueryGateway gateway = queries(instanceA);
        // the projection (instance b) catches up asynchronously
        await().atMost(Duration.ofSeconds(10)).until(
                () -> gateway.query(new BalanceQuery(id), Long.class).get(5, TimeUnit.SECONDS) == 0L);

        SubscriptionQueryResult<Long, Long> subscription =
                gateway.subscriptionQuery(new BalanceQuery(id), Long.class, Long.class);
        try {
            assertThat(subscription.initialResult().block(Duration.ofSeconds(10))).isEqualTo(0L);
            commands(instanceA).sendAndWait(new Deposit(id, 7));
            commands(instanceB).sendAndWait(new Deposit(id, 3));
            assertThat(subscription.updates().take(2).collectList().block(Duration.ofSeconds(10)))
                    .containsExactly(7L, 10L);
        } finally {
            subscription.close();
        }
        // the unsubscribe (which names only the subscription id) reached the server
        await().atMost(Duration.ofSeconds(10)).until(() -> server.queries().activeSubscriptions() == 0);
    }

    @Test
    @Order(10)
    void conflictingAppendsLetExactlyOneSucceedAndTheOtherCallerSeesConcurrencyException() throws Exception {
        String id = newAccount(instanceA);
        // find a routing key for each instance, so two commands on one aggregate run in both at once
        Map<String, String> routeTo = new HashMap<>();
        for (int i = 0; routeTo.size() < 2 && i < 64; i++) {
            String route = "route-" + i;
            String instance = commands(instanceA).sendAndWait(
                    GenericCommandMessage.asCommandMessage(new Deposit(id, 1))
                                         .withMetaData(MetaData.with(ConformanceApp.ROUTE, route)));
            routeTo.putIfAbsent(instance, route);
        }
        assertThat(routeTo).containsKeys("a", "b");
        long eventsBefore = server.storage().highestSequence(id);

        Account.race = new CyclicBarrier(2);
        List<CompletableFuture<String>> racers = new ArrayList<>();
        for (String route : routeTo.values()) {
            racers.add(commands(instanceA).send(
                    GenericCommandMessage.asCommandMessage(new RacingDeposit(id, 1000))
                                         .withMetaData(MetaData.with(ConformanceApp.ROUTE, route))));
        }
        List<Object> outcomes = new ArrayList<>();
        for (CompletableFuture<String> racer : racers) {
            try {
                outcomes.add(racer.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            }
        }
        assertThat(outcomes).filteredOn(String.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConcurrencyException.class::isInstance).hasSize(1);
        assertThat(server.storage().highestSequence(id)).isEqualTo(eventsBefore + 1);
    }

    @Test
    @Order(11)
    void scheduledEventsArePublishedWhenDueAndCancelledOnesNever() {
        EventScheduler scheduler = instanceA.getBean(EventScheduler.class);
        int before = storedEvents().size();
        ScheduleToken cancelled = scheduler.schedule(Duration.ofSeconds(2), new Reminder("never"));
        scheduler.schedule(Duration.ofMillis(300), new Reminder("soon"));
        scheduler.cancelSchedule(cancelled);

        await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents().size() == before + 1);
        Event published = storedEvents().getLast().getEvent();
        assertThat(published.getPayload().getType()).isEqualTo(Reminder.class.getName());
        assertThat(published.getPayload().getData().toStringUtf8()).contains("soon");
        assertThat(server.eventScheduler().pendingCount()).isZero();
    }

    @Test
    @Order(12)
    void replaysFromTokenZeroAndFromAPointInTime() throws Exception {
        StreamingEventProcessor processor = instanceA.getBean(EventProcessingConfiguration.class)
                                                     .eventProcessor("tracking-recorder",
                                                                     StreamingEventProcessor.class)
                                                     .orElseThrow();
        Recorders.TrackingRecorder recorder = instanceA.getBean(Recorders.TrackingRecorder.class);
        String id = newAccount(instanceA);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.seen().equals(storedEventIds()));

        processor.shutDown();
        processor.resetTokens();
        processor.start();
        List<String> all = storedEventIds();
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.seen().equals(all));

        Thread.sleep(20); // a millisecond boundary between the two batches
        Instant cut = Instant.now();
        Thread.sleep(20);
        commands(instanceA).sendAndWait(new Deposit(id, 1));
        commands(instanceB).sendAndWait(new Deposit(id, 2));
        List<String> sinceCut = storedEvents().stream()
                                              .filter(e -> e.getEvent().getTimestamp() >= cut.toEpochMilli())
                                              .map(e -> e.getEvent().getMessageIdentifier())
                                              .toList();
        assertThat(sinceCut).hasSize(2);

        processor.shutDown();
        processor.resetTokens(source -> source.createTokenAt(cut));
        processor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.seen().equals(sinceCut));
    }

    @Test
    @Order(13)
    void serverInstructionsPauseStartSplitMergeAndReleaseProcessors() throws Exception {
        PlatformService platform = server.platform();
        StreamingEventProcessor processor = instanceA.getBean(EventProcessingConfiguration.class)
                                                     .eventProcessor("admin-target", StreamingEventProcessor.class)
                                                     .orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> reported("instance-a", "admin-target") != null);

        assertThat(platform.pauseProcessor("instance-a", "admin-target").get(10, TimeUnit.SECONDS).success())
                .isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !processor.isRunning());
        await().atMost(Duration.ofSeconds(10)).until(() -> !reported("instance-a", "admin-target").getRunning());

        assertThat(platform.startProcessor("instance-a", "admin-target").get(10, TimeUnit.SECONDS).success())
                .isTrue();
        await().atMost(Duration.ofSeconds(10)).until(processor::isRunning);
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.processingStatus().size() == 1);

        assertThat(platform.splitSegment("instance-a", "admin-target", 0).get(10, TimeUnit.SECONDS).success())
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
               .until(() -> reported("instance-a", "admin-target").getSegmentStatusCount() == 2);

        assertThat(platform.mergeSegment("instance-a", "admin-target", 0).get(10, TimeUnit.SECONDS).success())
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
               .until(() -> reported("instance-a", "admin-target").getSegmentStatusCount() == 1);

        assertThat(platform.releaseSegment("instance-a", "admin-target", 0).get(10, TimeUnit.SECONDS).success())
                .isTrue();
        // an unknown processor is refused by the client, and the failure reaches the caller
        assertThat(platform.pauseProcessor("instance-a", "no-such-processor")
                           .handle((r, e) -> r != null && r.success()).get(40, TimeUnit.SECONDS)).isFalse();
    }

    private static EventProcessorInfo reported(String clientId, String processor) {
        return server.platform().clients().stream()
                     .filter(c -> c.clientId().equals(clientId))
                     .map(c -> c.processors().get(processor))
                     .filter(java.util.Objects::nonNull)
                     .findFirst().orElse(null);
    }

    @Test
    @Order(20)
    void heartbeatsKeepAnIdleConnectionUpForMoreThanAMinute() throws InterruptedException {
        long opened = server.platform().connectionsOpened();
        Set<String> clients = server.platform().clients().stream().map(PlatformService.ConnectedClient::clientId)
                                    .collect(Collectors.toSet());
        assertThat(clients).contains("instance-a", "instance-b");

        // the waiting is the test: grpc's default keep-alive policy would drop these connections after ~30 s
        Thread.sleep(Duration.ofSeconds(65));

        assertThat(server.platform().connectionsOpened()).as("reconnects").isEqualTo(opened);
        assertThat(instanceA.getBean(AxonServerConnectionManager.class).isConnected("default")).isTrue();
        assertThat(instanceB.getBean(AxonServerConnectionManager.class).isConnected("default")).isTrue();
        long now = System.currentTimeMillis();
        assertThat(server.platform().clients())
                .filteredOn(c -> clients.contains(c.clientId()))
                .hasSize(2)
                .allSatisfy(c -> assertThat(now - c.lastHeartbeatEpochMillis()).isLessThan(15_000));
        // and the connection still works
        assertThat(commands(instanceA).<String>sendAndWait(new Deposit(newAccount(instanceB), 1))).isIn("a", "b");
    }
}
