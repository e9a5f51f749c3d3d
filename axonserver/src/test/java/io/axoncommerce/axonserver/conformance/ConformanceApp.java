package io.axoncommerce.axonserver.conformance;

import io.axoncommerce.axonserver.conformance.Account.InstanceName;
import io.axoncommerce.axonserver.conformance.Messages.AccountOpened;
import io.axoncommerce.axonserver.conformance.Messages.BalanceQuery;
import io.axoncommerce.axonserver.conformance.Messages.Deposited;
import io.axoncommerce.axonserver.conformance.Messages.WhoIsThereQuery;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.commandhandling.distributed.RoutingStrategy;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real Axon Framework 4.13 application in test scope. The conformance test starts two instances of it against the
 * server under test.
 */
@SpringBootApplication
public class ConformanceApp {

    /** Metadata key that overrides the routing key, so a test can aim two commands at different instances. */
    static final String ROUTE = "route";

    @Bean
    InstanceName instanceName(@Value("${conformance.instance}") String name) {
        return new InstanceName(name);
    }

    @Bean
    SnapshotTriggerDefinition accountSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 3);
    }

    @Bean
    RoutingStrategy routingStrategy() {
        RoutingStrategy annotations = AnnotationRoutingStrategy.defaultStrategy();
        return command -> command.getMetaData().containsKey(ROUTE)
                ? String.valueOf(command.getMetaData().get(ROUTE))
                : annotations.getRoutingKey(command);
    }

    /** Answers scatter-gather queries in every instance. */
    @Component
    static class WhoIsThere {

        private final InstanceName instance;

        WhoIsThere(InstanceName instance) {
            this.instance = instance;
        }

        @QueryHandler
        String answer(WhoIsThereQuery query) {
            return instance.value();
        }
    }

    /** Balances for subscription queries; only in the instance started with conformance.projection=true. */
    @Component
    @ProcessingGroup("balances")
    @ConditionalOnProperty(name = "conformance.projection", havingValue = "true")
    static class BalanceProjection {

        private final Map<String, Long> balances = new ConcurrentHashMap<>();
        private final QueryUpdateEmitter emitter;

        BalanceProjection(QueryUpdateEmitter emitter) {
            this.emitter = emitter;
        }

        @EventHandler
        void on(AccountOpened event) {
            balances.put(event.accountId(), 0L);
        }

        @EventHandler
        void on(Deposited event) {
            balances.put(event.accountId(), event.balance());
            emitter.emit(BalanceQuery.class, q -> q.accountId().equals(event.accountId()), event.balance());
        }

        @QueryHandler
        Long balance(BalanceQuery query) {
            return balances.getOrDefault(query.accountId(), -1L);
        }
    }
}
