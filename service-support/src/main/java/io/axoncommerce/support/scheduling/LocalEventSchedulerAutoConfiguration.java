package io.axoncommerce.support.scheduling;

import java.util.concurrent.Executors;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.scheduling.EventScheduler;
import org.axonframework.eventhandling.scheduling.java.SimpleEventScheduler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With Axon Server (the default) scheduled events (the saga's deadlines, the payment adapter's retries) go through the
 * auto-configured {@code AxonServerEventScheduler}, which the server persists, so they survive a restart. Without a
 * server ({@code axon.axonserver.enabled=false}, used by tests) Axon configures no scheduler at all; this in-memory one
 * stands in. It is not durable. Its thread starts with the first schedule, so a service that schedules nothing pays
 * nothing for it.
 */
@AutoConfiguration(afterName = {"org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration"})
@ConditionalOnClass(SimpleEventScheduler.class)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class LocalEventSchedulerAutoConfiguration {

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean(EventScheduler.class)
    EventScheduler eventScheduler(EventBus eventBus, TransactionManager transactionManager,
                                  @Value("${spring.application.name:axon-commerce}") String application) {
        return SimpleEventScheduler.builder()
                .scheduledExecutorService(Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name(application + "-local-event-scheduler").daemon().factory()))
                .eventBus(eventBus)
                .transactionManager(transactionManager)
                .build();
    }
}
