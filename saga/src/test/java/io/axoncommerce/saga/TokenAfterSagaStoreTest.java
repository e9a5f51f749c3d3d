package io.axoncommerce.saga;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.saga.order.FulfilmentSettings;
import io.axoncommerce.saga.order.OrderFulfilmentSaga;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.scheduling.java.SimpleEventScheduler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.SimpleResourceInjector;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash between the saga's write and the token's, on the saga's real storage (MongoSagaStore and MongoTokenStore on
 * mongo-java-server, no transactions) under Axon's pooled processor. The saga's first write fails once, as if the
 * process died there: whatever was written before it stays, nothing after it happens. With the token written after
 * the saga, the event comes again and the saga is started; in Axon's own order the token was already written, and the
 * order's saga never exists.
 */
class TokenAfterSagaStoreTest {

    private static final String ORDER = "order-crash";
    private static final String PROCESSOR = "order-fulfilment-saga";
    private static final Pattern GLOBAL_INDEX = Pattern.compile("\"globalIndex\"\\s*:\\s*(\\d+)");

    private MongoServer mongo;
    private MongoClient client;
    private MongoTemplate template;
    private ScheduledExecutorService threads;
    private PooledStreamingEventProcessor processor;
    private final List<Object> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startMongo() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
        template = DefaultMongoTemplate.builder().mongoDatabase(client, "saga_crash").build();
        threads = Executors.newScheduledThreadPool(4);
    }

    @AfterEach
    void tearDown() {
        if (processor != null) {
            processor.shutDown();
        }
        threads.shutdownNow();
        client.close();
        mongo.shutdownNow();
    }

    @Test
    void aCrashBetweenTheSagaAndItsTokenHandsTheEventToTheSagaAgain() {
        SagaStore<Object> store = sagaStore();
        run(store, token -> new TokenAfterSagaStore(token));

        await().atMost(Duration.ofSeconds(30)).until(() -> !sagasOf(store).isEmpty());
        assertThat(sagasOf(store)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> storedToken() >= 0);
        assertThat(commands).as("the reservation asked for, by the saga that was stored")
                .contains(new ReserveStockCommand("p-1", ORDER, 2));
    }

    @Test
    void inAxonsOwnOrderTheSameCrashLosesTheEvent() {
        SagaStore<Object> store = sagaStore();
        run(store, UnaryOperator.identity());

        await().atMost(Duration.ofSeconds(30)).until(() -> storedToken() >= 0 && commands.size() >= 1);
        // the retried batch started after the stored token: the event is gone for the saga
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> sagasOf(store).isEmpty());
    }

    private SagaStore<Object> sagaStore() {
        return new FailingOnceSagaStore(MongoSagaStore.builder().mongoTemplate(template)
                .serializer(JacksonSerializer.defaultSerializer()).build());
    }

    private void run(SagaStore<Object> store, UnaryOperator<TokenStore> tokenOrder) {
        EmbeddedEventStore events = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        events.publish(GenericEventMessage.asEventMessage(new OrderPlacedEvent(ORDER, "customer-1",
                List.of(new OrderLine("p-1", 2, Money.of("12.50", "EUR"))), Money.of("25.00", "EUR"), "tok_visa")));

        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        commandBus.subscribe(ReserveStockCommand.class.getName(), command -> commands.add(command.getPayload()));
        SimpleEventScheduler scheduler = SimpleEventScheduler.builder().scheduledExecutorService(threads)
                .eventBus(SimpleEventBus.builder().build()).build();
        SimpleResourceInjector resources = new SimpleResourceInjector(
                DefaultCommandGateway.builder().commandBus(commandBus).build(), scheduler,
                new FulfilmentSettings(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(1),
                        Duration.ofSeconds(30)));
        AnnotatedSagaManager<OrderFulfilmentSaga> sagas = AnnotatedSagaManager.<OrderFulfilmentSaga>builder()
                .sagaType(OrderFulfilmentSaga.class)
                .sagaRepository(AnnotatedSagaRepository.<OrderFulfilmentSaga>builder()
                        .sagaType(OrderFulfilmentSaga.class).sagaStore(store).resourceInjector(resources).build())
                .build();
        TokenStore tokens = tokenOrder.apply(MongoTokenStore.builder().mongoTemplate(template)
                .serializer(JacksonSerializer.defaultSerializer()).build());
        processor = PooledStreamingEventProcessor.builder()
                .name(PROCESSOR)
                .eventHandlerInvoker(sagas)
                .messageSource(events)
                .tokenStore(tokens)
                .transactionManager(org.axonframework.common.transaction.NoTransactionManager.instance())
                .coordinatorExecutor(threads)
                .workerExecutor(threads)
                .initialSegmentCount(1)
                .build();
        processor.start();
    }

    private Set<String> sagasOf(SagaStore<Object> store) {
        return store.findSagas(OrderFulfilmentSaga.class, new AssociationValue("orderId", ORDER));
    }

    /**
     * The position the processor stored, read from the token's document (fetching it through a token store would
     * claim the segment from the running processor); -1 before it stored one (the event is at 0).
     */
    private long storedToken() {
        Document token = template.trackingTokensCollection().find(Filters.eq("processorName", PROCESSOR)).first();
        if (token == null) {
            return -1;
        }
        return token.values().stream().filter(Binary.class::isInstance)
                .map(value -> new String(((Binary) value).getData(), StandardCharsets.UTF_8))
                .map(GLOBAL_INDEX::matcher).filter(Matcher::find)
                .mapToLong(found -> Long.parseLong(found.group(1))).findFirst().orElse(-1);
    }

    /** The saga's first write fails, as if the process died right there. */
    private static final class FailingOnceSagaStore implements SagaStore<Object> {

        private final SagaStore<Object> delegate;
        private final AtomicBoolean crashed = new AtomicBoolean();

        private FailingOnceSagaStore(SagaStore<Object> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
            return delegate.findSagas(sagaType, associationValue);
        }

        @Override
        public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
            return delegate.loadSaga(sagaType, sagaIdentifier);
        }

        @Override
        public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
            delegate.deleteSaga(sagaType, sagaIdentifier, associationValues);
        }

        @Override
        public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                               Set<AssociationValue> associationValues) {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("the process dies before the saga is written");
            }
            delegate.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
        }

        @Override
        public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                               AssociationValues associationValues) {
            delegate.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
        }
    }
}
