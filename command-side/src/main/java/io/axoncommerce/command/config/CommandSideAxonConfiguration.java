package io.axoncommerce.command.config;

import io.axoncommerce.api.upcasting.CoreApiUpcasters;
import io.axoncommerce.command.rejection.RejectionTranslatingInterceptor;
import io.axoncommerce.observability.InterceptorRegistration;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
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
     * Safe with several command-side instances: Axon Server routes all commands of one aggregate to one instance,
     * and when that changes (an instance joins or leaves) an instance whose cached copy is stale appends with a
     * sequence number that is taken; the event store refuses that append, Axon rolls the unit of work back and
     * drops the cache entry, and the command fails with a {@code ConcurrencyException} (a transient failure: the
     * saga's gateway retries it, the REST API answers 409 {@code CONCURRENT_MODIFICATION}); the retry sources the
     * aggregate afresh. A weak-reference cache holds nothing the garbage collector wants: what it loses is sourced
     * again (snapshot and at most {@code axon-commerce.snapshot.threshold} events).
     */
    @Bean("commandSideInventoryCache")
    public Cache commandSideInventoryCache() {
        return new WeakReferenceCache();
    }

    /** The Order's commands (place, mark reserved, confirm, cancel) likewise: see {@link #commandSideInventoryCache}. */
    @Bean("commandSideOrderCache")
    public Cache commandSideOrderCache() {
        return new WeakReferenceCache();
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
