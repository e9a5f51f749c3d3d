package io.axoncommerce.saga;

import io.axoncommerce.saga.order.OrderFulfilmentSaga;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A saga handler that fails fails its event: the processor keeps its token and hands the event to the saga again
 * (with back-off) instead of Axon's default for every processing group, which logs the failure and goes on. With that
 * default an {@code OrderPlacedEvent} whose deadline could not be scheduled (Axon Server restarting) was skipped, and
 * the saga was stored half-started or not at all: {@code FaultInjectionIT} found orders left {@code PLACED} for good
 * after a kill of Axon Server. Handling an event again is safe: the saga is not stored when its batch fails, and its
 * commands and deadlines are idempotent.
 */
@Configuration(proxyBeanMethods = false)
public class SagaErrorHandlingConfiguration {

    @Bean
    ConfigurerModule sagaFailuresAreRetried() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                OrderFulfilmentSaga.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }
}
