package io.axoncommerce.payment.calls;

import com.mongodb.client.MongoClient;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.PaymentRefundRequestedEvent;
import io.axoncommerce.api.payment.PaymentRequestedEvent;
import io.axoncommerce.api.payment.PaymentRetryDueEvent;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The processor of {@link ProviderCalls} ({@value ProviderCalls#PROCESSING_GROUP}; mode and threads in
 * application.yml), for its own processing group only:
 * <ul>
 *   <li>its position is a {@link MongoTokenStore} in MongoDB ({@code spring.data.mongodb.uri}, database
 *   {@code payment.mongo.database}), built by hand as in the saga (the axon-mongo starter is not served at our version
 *   and its older one insists on a transaction manager mongo-java-server cannot provide). Axon Server keeps events and
 *   schedules but no tokens, and an in-memory token would make every restart either skip the payments requested while
 *   the adapter was down (from the head) or ask the provider about every payment ever made (from the tail). The token
 *   is written in the unit of work's commit, after the handler made its call and its report was handled, so a crash in
 *   between repeats an attempt (harmless: same idempotency key, idempotent reports) and never loses one. No transaction
 *   is needed, and the embedded stand-in losing its last writes on a SIGKILL only repeats attempts the same way;</li>
 *   <li>{@link PropagatingErrorHandler}: a report that cannot be delivered fails the event, and the processor keeps
 *   its token and handles it again, instead of logging and skipping a charge's outcome;</li>
 *   <li>sequenced by payment id, so the scheduled {@link PaymentRetryDueEvent} (which belongs to no aggregate) is
 *   handled in order with its payment's events.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetryBackoff.class)
public class ProviderCallsConfiguration {

    @Bean
    Clock providerCallsClock() {
        return Clock.systemUTC();
    }

    @Bean
    ConfigurerModule providerCallsProcessing(MongoClient mongoClient,
                                             @Value("${payment.mongo.database:axoncommerce_payment}") String database) {
        return configurer -> {
            @SuppressWarnings("rawtypes") SequencingPolicy<EventMessage> perAggregate =
                    SequentialPerAggregatePolicy.instance();
            configurer.eventProcessing()
                    .registerTokenStore(ProviderCalls.PROCESSING_GROUP, c -> MongoTokenStore.builder()
                            .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(mongoClient, database).build())
                            .serializer(c.serializer())
                            .build())
                    .registerListenerInvocationErrorHandler(ProviderCalls.PROCESSING_GROUP,
                            c -> PropagatingErrorHandler.instance())
                    .registerSequencingPolicy(ProviderCalls.PROCESSING_GROUP, c -> event -> {
                        String paymentId = paymentIdOf(event.getPayload());
                        return paymentId != null ? paymentId : perAggregate.getSequenceIdentifierFor(event);
                    });
        };
    }

    static String paymentIdOf(Object payload) {
        return switch (payload) {
            case PaymentRequestedEvent e -> e.paymentId();
            case PaymentRefundRequestedEvent e -> e.paymentId();
            case PaymentAwaitingProviderEvent e -> e.paymentId();
            case PaymentRetryDueEvent e -> e.paymentId();
            default -> null;
        };
    }
}
