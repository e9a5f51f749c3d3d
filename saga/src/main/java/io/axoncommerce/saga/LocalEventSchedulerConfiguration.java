package io.axoncommerce.saga;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.axonframework.eventhandling.scheduling.java.SimpleEventScheduler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;

/**
 * With Axon Server (the default) the deadlines go through the auto-configured {@code AxonServerEventScheduler}, which
 * the server persists, so they survive a restart. Without a server ({@code axon.axonserver.enabled=false}, used by
 * tests) Axon configures no scheduler at all; this in-memory one stands in. It is not durable.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class LocalEventSchedulerConfiguration {

    @Bean(destroyMethod = "shutdown")
    EventScheduler eventScheduler(EventBus eventBus, TransactionManager transactionManager) {
        return SimpleEventScheduler.builder()
                .scheduledExecutorService(Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("saga-local-deadlines").daemon().factory()))
                .eventBus(eventBus)
                .transactionManager(transactionManager)
                .build();
    }
}
