package io.axoncommerce.query.config;

import com.mongodb.client.MongoClient;
import io.axoncommerce.api.upcasting.CoreApiUpcasters;
import io.axoncommerce.query.deadletter.ProjectionDeadLetterPolicy;
import io.axoncommerce.query.inventory.InventoryDocument;
import io.axoncommerce.query.order.OrderDocument;
import io.axoncommerce.query.projection.BatchFlushInterceptor;
import io.axoncommerce.query.projection.MongoReadModel;
import io.axoncommerce.query.projection.ProcessingGroups;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import io.axoncommerce.query.order.OrderProjection;
import io.axoncommerce.query.product.ProductIndexSettings;
import io.axoncommerce.query.product.ProductSearchProjection;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Axon wiring of the three projections, each for its own processing group only (so that, composed with other modules,
 * nothing here changes their processors):
 * <ul>
 *     <li>tokens in MongoDB through axon-mongo's {@link MongoTokenStore}, built by hand (the axon-mongo starter is not
 *     served at our version and its older one insists on a transaction manager mongo-java-server cannot provide);</li>
 *     <li>{@link PropagatingErrorHandler} as listener error handler, so that a handler's failure reaches the
 *     dead-letter queue (Axon's default would log it and skip the event);</li>
 *     <li>a sequenced dead-letter queue in MongoDB (axon-mongo's {@link MongoSequencedDeadLetterQueue}, collection
 *     {@code deadletters}): an event whose handler fails parks its sequence (order, product) while the others go on,
 *     per {@link ProjectionDeadLetterPolicy}; a failing store is rethrown instead, so the batch is retried from the
 *     token;</li>
 *     <li>{@link BatchFlushInterceptor}: the projections' bulk writes;</li>
 *     <li>product search sequenced per product id: product and inventory events of one product come from two
 *     aggregates but update the same search document;</li>
 *     <li>orders sequenced per order id for the same reason: the order's and its payment's events update one order
 *     document;</li>
 *     <li>the orders and inventory read models as {@link MongoReadModel}s: a full replay rebuilds them into new
 *     collections while queries read the live ones.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ProductIndexSettings.class)
public class QuerySideAxonConfiguration {

    @Bean
    QueryDatabase queryDatabase(MongoClient mongoClient,
                                @Value("${query-side.mongo.database:axoncommerce_query}") String database) {
        return new QueryDatabase(new MongoTemplate(mongoClient, database));
    }

    @Bean
    MongoReadModel<OrderDocument> ordersReadModel(QueryDatabase database,
                                                  @Value("${query-side.read-models.drop-delay:30s}") Duration dropDelay) {
        return new MongoReadModel<>(database.template(), OrderDocument.class, OrderDocument.COLLECTION,
                ProcessingGroups.ORDERS, dropDelay, Clock.systemUTC());
    }

    @Bean
    MongoReadModel<InventoryDocument> inventoryReadModel(
            QueryDatabase database, @Value("${query-side.read-models.drop-delay:30s}") Duration dropDelay) {
        return new MongoReadModel<>(database.template(), InventoryDocument.class, InventoryDocument.COLLECTION,
                ProcessingGroups.INVENTORY, dropDelay, Clock.systemUTC());
    }

    @Bean
    ConfigurerModule querySideProcessing(MongoClient mongoClient,
                                         @Value("${query-side.mongo.database:axoncommerce_query}") String database) {
        return configurer -> {
            AtomicReference<TokenStore> tokenStore = new AtomicReference<>();
            var axonMongo = DefaultMongoTemplate.builder().mongoDatabase(mongoClient, database).build();
            var processing = configurer.eventProcessing();
            for (String group : ProcessingGroups.ALL) {
                processing.registerTokenStore(group, c -> tokenStore.updateAndGet(existing -> existing != null
                                ? existing
                                : MongoTokenStore.builder()
                                        .mongoTemplate(axonMongo)
                                        .serializer(c.serializer())
                                        .build()))
                        .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance())
                        .registerHandlerInterceptor(group, c -> new BatchFlushInterceptor())
                        .registerDeadLetterQueue(group, c -> MongoSequencedDeadLetterQueue.builder()
                                .processingGroup(group)
                                .mongoTemplate(axonMongo)
                                .serializer(c.serializer())
                                .build())
                        .registerDeadLetterPolicy(group, c -> new ProjectionDeadLetterPolicy())
                        // the cache spares a queue lookup per event while no sequence is parked; a reset (replay)
                        // clears the queue, as the replay hands every parked event to the handlers again
                        .registerDeadLetteringEventHandlerInvokerConfiguration(group,
                                (c, invoker) -> invoker.enableSequenceIdentifierCache().allowReset(true));
            }
            @SuppressWarnings("rawtypes") SequencingPolicy<EventMessage> perAggregate = SequentialPerAggregatePolicy.instance();
            processing.registerSequencingPolicy(ProcessingGroups.PRODUCT_SEARCH, c -> event -> {
                String productId = ProductSearchProjection.productIdOf(event.getPayload());
                return productId != null ? productId : perAggregate.getSequenceIdentifierFor(event);
            });
            processing.registerSequencingPolicy(ProcessingGroups.ORDERS, c -> event -> {
                String orderId = OrderProjection.orderIdOf(event.getPayload());
                return orderId != null ? orderId : perAggregate.getSequenceIdentifierFor(event);
            });
        };
    }

    /** Old revisions of core-api's events, upcast as the projections read them (see docs/evolving-events.md). */
    @Bean
    EventUpcasterChain querySideUpcasters() {
        return CoreApiUpcasters.chain();
    }
}
