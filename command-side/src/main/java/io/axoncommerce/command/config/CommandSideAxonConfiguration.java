package io.axoncommerce.command.config;

import io.axoncommerce.api.upcasting.CoreApiUpcasters;
import io.axoncommerce.command.rejection.RejectionTranslatingInterceptor;
import io.axoncommerce.observability.InterceptorRegistration;
import org.axonframework.commandhandling.CommandBus;
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
