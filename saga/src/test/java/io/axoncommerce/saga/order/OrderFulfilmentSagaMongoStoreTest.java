package io.axoncommerce.saga.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderDeadlineExpiredEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStep;
import io.axoncommerce.api.payment.CancelPaymentCommand;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.api.payment.ProcessPaymentCommand;
import io.axoncommerce.api.payment.RefundPaymentCommand;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.scheduling.java.SimpleEventScheduler;
import org.axonframework.eventhandling.scheduling.java.SimpleScheduleToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SimpleResourceInjector;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga persisted in {@link MongoSagaStore} on mongo-java-server, driven by Axon's own saga manager: every event
 * loads the saga from MongoDB (Jackson), handles it and stores it back, so its state, its association and its
 * deadline tokens must survive the round trip. Real command bus, real (in-memory) event scheduler.
 */
class OrderFulfilmentSagaMongoStoreTest {

    private static final Money TOTAL = Money.of("25.00", "EUR");

    private MongoServer mongo;
    private MongoClient client;
    private ScheduledThreadPoolExecutor schedulerThreads;
    private MongoTemplate template;
    private MongoSagaStore store;
    private AnnotatedSagaManager<OrderFulfilmentSaga> manager;
    private final List<Object> commands = new CopyOnWriteArrayList<>();
    private final List<Object> deadlines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startMongo() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        template = DefaultMongoTemplate.builder().mongoDatabase(client, "saga_test").build();
        // Axon's default JacksonSerializer: the strictest reader (fails on unknown properties).
        Serializer serializer = JacksonSerializer.defaultSerializer();
        store = MongoSagaStore.builder().mongoTemplate(template).serializer(serializer).build();
    }

    private void startSagaManager(Duration paymentTimeout) {
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        for (Class<?> type : List.of(ReserveStockCommand.class, MarkOrderStockReservedCommand.class,
                ProcessPaymentCommand.class, ConfirmOrderCommand.class, CommitStockCommand.class,
                ReleaseStockCommand.class, CancelOrderCommand.class, CancelPaymentCommand.class,
                RefundPaymentCommand.class)) {
            commandBus.subscribe(type.getName(), command -> {
                commands.add(command.getPayload());
                return null;
            });
        }
        SimpleEventBus eventBus = SimpleEventBus.builder().build();
        eventBus.subscribe(events -> events.forEach(event -> deadlines.add(event.getPayload())));
        schedulerThreads = new ScheduledThreadPoolExecutor(1);
        // so that the queue holds exactly the deadlines still scheduled
        schedulerThreads.setRemoveOnCancelPolicy(true);
        SimpleEventScheduler scheduler = SimpleEventScheduler.builder()
                .scheduledExecutorService(schedulerThreads).eventBus(eventBus).build();

        SimpleResourceInjector resources = new SimpleResourceInjector(
                DefaultCommandGateway.builder().commandBus(commandBus).build(), scheduler,
                new FulfilmentSettings(Duration.ofMinutes(2), paymentTimeout, Duration.ofMinutes(1),
                        Duration.ofSeconds(30)));
        AnnotatedSagaRepository<OrderFulfilmentSaga> repository = AnnotatedSagaRepository.<OrderFulfilmentSaga>builder()
                .sagaType(OrderFulfilmentSaga.class).sagaStore(store).resourceInjector(resources).build();
        manager = AnnotatedSagaManager.<OrderFulfilmentSaga>builder()
                .sagaType(OrderFulfilmentSaga.class).sagaRepository(repository).build();
    }

    @AfterEach
    void tearDown() {
        if (schedulerThreads != null) {
            schedulerThreads.shutdownNow();
        }
        client.close();
        mongo.shutdownNow();
    }

    private void publish(Object event) throws Exception {
        EventMessage<?> message = GenericEventMessage.asEventMessage(event);
        DefaultUnitOfWork.startAndGet(message).executeWithResult(() -> {
            manager.handle(message, Segment.ROOT_SEGMENT);
            return null;
        });
    }

    private Set<String> sagasOf(String orderId) {
        return store.findSagas(OrderFulfilmentSaga.class, new AssociationValue("orderId", orderId));
    }

    private long storedSagaDocuments() {
        return template.sagaCollection().countDocuments();
    }

    private String storedSagaJson(String sagaId) {
        Document document = template.sagaCollection().find(Filters.eq("sagaIdentifier", sagaId)).first();
        assertThat(document).isNotNull();
        return new String(document.get("serializedSaga", Binary.class).getData(), StandardCharsets.UTF_8);
    }

    /**
     * Stores a saga document as the saga's code before {@link Reservations}, {@link Settlement} and {@link Deadlines}
     * wrote it (the files were captured from that code through this store): its fields flat in one JSON object.
     */
    private void storeOldShapeSaga(String file, String orderId) throws IOException {
        try (InputStream json = getClass().getResourceAsStream("stored-before-value-objects/" + file)) {
            assertThat(json).as(file).isNotNull();
            template.sagaCollection().insertOne(new Document("sagaType", OrderFulfilmentSaga.class.getName())
                    .append("sagaIdentifier", "old-" + orderId)
                    .append("serializedSaga", json.readAllBytes())
                    .append("associations", List.of(new Document("key", "orderId").append("value", orderId))));
        }
    }

    private static Set<String> topLevelNames(String json) throws IOException {
        Set<String> names = new TreeSet<>();
        new ObjectMapper().readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static OrderPlacedEvent placed(String orderId) {
        return new OrderPlacedEvent(orderId, "customer-1", List.of(
                new OrderLine("p-1", 2, Money.of("10.00", "EUR")),
                new OrderLine("p-2", 1, Money.of("5.00", "EUR"))), TOTAL, "tok_visa");
    }

    @Test
    void theSagaIsStoredFoundByItsAssociationReloadedForEveryEventAndDeletedWhenItEnds() throws Exception {
        startSagaManager(Duration.ofMinutes(5));
        publish(placed("order-1"));
        publish(placed("order-2"));
        assertThat(schedulerThreads.getQueue())
                .as("each order's reservation deadline and its settlement deadline (the reservations are owed)")
                .hasSize(4);

        assertThat(storedSagaDocuments()).isEqualTo(2);
        Set<String> sagaIds = sagasOf("order-1");
        assertThat(sagaIds).hasSize(1);
        assertThat(sagasOf("order-2")).hasSize(1).doesNotContainAnyElementsOf(sagaIds);
        assertThat(store.loadSaga(OrderFulfilmentSaga.class, sagaIds.iterator().next()).associationValues())
                .contains(new AssociationValue("orderId", "order-1"));

        // Each event below is handled by a saga instance freshly deserialized from MongoDB.
        publish(new StockReservedEvent("p-1", "order-1", 2, 8));
        publish(new StockReservedEvent("p-2", "order-1", 1, 4));
        assertThat(commands).contains(new MarkOrderStockReservedCommand("order-1"),
                new ProcessPaymentCommand("payment-order-1", "order-1", "customer-1", TOTAL, "tok_visa"));

        String stored = storedSagaJson(sagaIds.iterator().next());
        assertThat(stored).contains("\"phase\":\"PAYING\"", "\"reserved\":[\"p-1\",\"p-2\"]",
                "\"paymentDeadline\":{\"@class\":\"" + SimpleScheduleToken.class.getName() + "\"")
                .doesNotContain("commandGateway", "eventScheduler");

        assertThat(schedulerThreads.getQueue()).as("order-1's payment deadline replaced its reservation deadline")
                .hasSize(4);

        // The payment deadline's token was stored with the saga; the reloaded saga must be able to cancel it.
        publish(new PaymentSucceededEvent("payment-order-1", "order-1", TOTAL, "ch_1"));
        assertThat(commands).contains(new ConfirmOrderCommand("order-1"));
        assertThat(schedulerThreads.getQueue())
                .as("order-2's deadlines and order-1's settlement deadline (the confirmation is owed)")
                .hasSize(3);

        publish(new OrderConfirmedEvent("order-1"));
        assertThat(commands).contains(new CommitStockCommand("p-1", "order-1"), new CommitStockCommand("p-2", "order-1"));
        assertThat(storedSagaJson(sagaIds.iterator().next())).contains("\"commitsOutstanding\":[\"p-1\",\"p-2\"]");
        publish(new StockCommittedEvent("p-1", "order-1", 2));
        publish(new StockCommittedEvent("p-2", "order-1", 1));
        assertThat(sagasOf("order-1")).isEmpty();
        assertThat(schedulerThreads.getQueue()).as("only order-2's deadlines are left").hasSize(2);
        assertThat(sagasOf("order-2")).hasSize(1);
        assertThat(storedSagaDocuments()).isEqualTo(1);
    }

    @Test
    void aStoredDeadlineFiresForTheReloadedSaga() throws Exception {
        startSagaManager(Duration.ofMillis(300));
        publish(placed("order-3"));
        publish(new StockReservedEvent("p-1", "order-3", 2, 8));
        publish(new StockReservedEvent("p-2", "order-3", 1, 4));

        await().atMost(Duration.ofSeconds(5)).until(() -> deadlines.contains(
                new OrderDeadlineExpiredEvent("order-3", io.axoncommerce.api.order.OrderStep.PAYMENT)));
    }

    // --- sagas stored by the code before the value objects: an order in flight across the upgrade -------------------

    @Test
    void theStoredShapeIsTheShapeEarlierVersionsWroteSoSagasLoadAcrossAnUpgradeAndARollback() throws Exception {
        startSagaManager(Duration.ofMinutes(5));
        publish(placed("order-1"));
        String stored = storedSagaJson(sagasOf("order-1").iterator().next());
        try (InputStream old = getClass().getResourceAsStream(
                "stored-before-value-objects/paying-provider-unavailable.json")) {
            assertThat(topLevelNames(stored))
                    .isEqualTo(topLevelNames(new String(old.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void anOldPayingSagaWhoseProviderWasUnavailableCancelsAsUnavailableAtItsPaymentDeadline() throws Exception {
        storeOldShapeSaga("paying-provider-unavailable.json", "order-a");
        startSagaManager(Duration.ofMinutes(5));

        publish(new OrderDeadlineExpiredEvent("order-a", OrderStep.PAYMENT));
        assertThat(commands).containsExactly(new ReleaseStockCommand("p-1", "order-a"),
                new ReleaseStockCommand("p-2", "order-a"),
                new CancelOrderCommand("order-a", CancellationReason.PAYMENT_UNAVAILABLE),
                new CancelPaymentCommand("payment-order-a", "order-a"));
        assertThat(storedSagaJson("old-order-a")).contains("\"phase\":\"CANCELLING\"",
                "\"releasesOutstanding\":[\"p-1\",\"p-2\"]", "\"cancellationOutstanding\":true",
                "\"paymentCancellationOutstanding\":true");
    }

    @Test
    void anOldPayingSagaThatHeardNothingSendsItsStepsForwardAgainAtTheSettlementDeadline() throws Exception {
        storeOldShapeSaga("paying-nothing-heard.json", "order-e");
        startSagaManager(Duration.ofMinutes(5));

        publish(new OrderDeadlineExpiredEvent("order-e", OrderStep.SETTLEMENT));
        assertThat(commands).containsExactly(new MarkOrderStockReservedCommand("order-e"),
                new ProcessPaymentCommand("payment-order-e", "order-e", "customer-1", TOTAL, "tok_visa"));

        publish(new PaymentSucceededEvent("payment-order-e", "order-e", TOTAL, "ch_1"));
        assertThat(commands).endsWith(new ConfirmOrderCommand("order-e"));
    }

    @Test
    void anOldCancelledSagaOwingReleasesAndARefundSendsThemAgainAndEndsWhenTheyAreDone() throws Exception {
        storeOldShapeSaga("cancelled-after-payment-refund-owed.json", "order-b");
        startSagaManager(Duration.ofMinutes(5));

        publish(new OrderDeadlineExpiredEvent("order-b", OrderStep.SETTLEMENT));
        publish(new OrderDeadlineExpiredEvent("order-b", OrderStep.REFUND));
        assertThat(commands).containsExactly(new ReleaseStockCommand("p-1", "order-b"),
                new ReleaseStockCommand("p-2", "order-b"), new RefundPaymentCommand("payment-order-b", "order-b"));

        publish(new StockReleasedEvent("p-1", "order-b", 2, 10));
        publish(new StockReleasedEvent("p-2", "order-b", 1, 5));
        assertThat(sagasOf("order-b")).as("the refund is still owed").hasSize(1);
        publish(new PaymentRefundedEvent("payment-order-b", "order-b", TOTAL, "re_1"));
        assertThat(sagasOf("order-b")).isEmpty();
        assertThat(schedulerThreads.getQueue()).as("every deadline it armed is cancelled").isEmpty();
    }

    @Test
    void anOldCancellingSagaReleasesALineReservedLateAndEndsWhenItIsReleased() throws Exception {
        storeOldShapeSaga("cancelling-one-line-unanswered.json", "order-c");
        startSagaManager(Duration.ofMinutes(5));

        publish(new OrderCancelledEvent("order-c", CancellationReason.OUT_OF_STOCK));
        assertThat(storedSagaJson("old-order-c")).as("its deadlines' tokens were read, and written back")
                .contains("\"reservationDeadline\":{\"@class\":\"" + SimpleScheduleToken.class.getName()
                                + "\",\"tokenId\":\"339ca3c9-0458-438d-add5-8e8a6930cbf6\"}",
                        "\"settlementDeadline\":{\"@class\":\"" + SimpleScheduleToken.class.getName()
                                + "\",\"tokenId\":\"9120f357-dcbf-412b-8b72-ac991ce621f4\"}",
                        "\"rejected\":[\"p-1\"]", "\"cancellationOutstanding\":false");
        publish(new StockReservedEvent("p-2", "order-c", 1, 4));
        assertThat(commands).containsExactly(new ReleaseStockCommand("p-2", "order-c"));
        publish(new StockReleasedEvent("p-2", "order-c", 1, 5));
        assertThat(sagasOf("order-c")).isEmpty();
    }

    @Test
    void anOldCommittingSagaEndsWithItsLastCommit() throws Exception {
        storeOldShapeSaga("committing-one-commit-owed.json", "order-d");
        startSagaManager(Duration.ofMinutes(5));

        publish(new StockCommittedEvent("p-1", "order-d", 2));
        assertThat(sagasOf("order-d")).as("p-1's commit was done already").hasSize(1);
        publish(new StockCommittedEvent("p-2", "order-d", 1));
        assertThat(sagasOf("order-d")).isEmpty();
        assertThat(commands).isEmpty();
    }
}
