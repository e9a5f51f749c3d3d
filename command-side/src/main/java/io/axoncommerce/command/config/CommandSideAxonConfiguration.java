package io.axoncommerce.command.config;

import io.axoncommerce.api.upcasting.CoreApiUpcasters;
import io.axoncommerce.command.rejection.RejectionTranslatingInterceptor;
import io.axoncommerce.observability.InterceptorRegistration;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon wiring of the write side. Bean names carry a {@code commandSide} prefix because this module may share one
 * Spring context with the others (the launcher).
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideAxonConfiguration {

    /**
     * One trigger definition for the three aggregates (each aggregate instance gets its own counter): a snapshot is
     * taken once loading an aggregate needed more than {@code threshold} events.
     */
    @Bean("commandSideSnapshotTrigger")
    public SnapshotTriggerDefinition commandSideSnapshotTrigger(
            Snapshotter snapshotter, @Value("${axon-commerce.snapshot.threshold:100}") int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException(
                    "axon-commerce.snapshot.threshold must be at least 1 but was " + threshold);
        }
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Keeps a loaded Inventory in memory between commands, so that a command does not source it again from the event
     * store under the aggregate's lock: every order reserves and then commits or releases stock on the Inventory of
     * each of its products, and those commands queue on the lock of a product that many orders name (the hot
     * product). One cache per aggregate type, because ids are chosen by clients and could repeat across types.
     * <p>
     * Safe with several command-side instances: a cached copy is used only while it is the latest version in the
     * event store ({@link VerifiedAggregateCache}), and a copy that another instance changes after that check makes
     * the append fail; Axon then rolls the unit of work back and drops the entry, and the command fails with a
     * {@code ConcurrencyException} (transient: the saga's gateway retries it, the REST API answers 409
     * {@code CONCURRENT_MODIFICATION}); the retry sources the aggregate afresh.
     */
    @Bean("commandSideInventoryCache")
    public Cache commandSideInventoryCache(EventStore eventStore) {
        return new VerifiedAggregateCache(eventStore);
    }

    /** The Order's commands (place, mark reserved, confirm, cancel) likewise: see {@link #commandSideInventoryCache}. */
    @Bean("commandSideOrderCache")
    public Cache commandSideOrderCache(EventStore eventStore) {
        return new VerifiedAggregateCache(eventStore);
    }

    @Bean("commandSideRejectionTranslation")
    public InterceptorRegistration commandSideRejectionTranslation(CommandBus commandBus) {
        return new InterceptorRegistration(
                commandBus.registerHandlerInterceptor(new RejectionTranslatingInterceptor()));
    }

    /** Old revisions of core-api's events, upcast as the aggregates are sourced (see docs/evolving-events.md). */
    @Bean
    EventUpcasterChain commandSideUpcasters() {
        return CoreApiUpcasters.chain();
    }
}
