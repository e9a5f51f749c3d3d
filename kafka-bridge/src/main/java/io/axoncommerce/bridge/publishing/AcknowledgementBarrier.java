package io.axoncommerce.bridge.publishing;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Makes the processor's token wait for Kafka. The streaming processors store their token in a prepare-commit hook
 * registered <em>before</em> the handlers run, so waiting in a later prepare-commit hook would be too late: the token
 * would already be written. This interceptor instead waits inside the handling phase, right after the last event of
 * the batch was handled (interceptors see every event of the batch, also those of other segments). If the broker does
 * not acknowledge, the exception fails the batch, the unit of work rolls back without storing the token, and the
 * processor retries the batch from its last token with back-off.
 */
public class AcknowledgementBarrier implements MessageHandlerInterceptor<EventMessage<?>> {

    private final KafkaPublisher publisher;

    public AcknowledgementBarrier(KafkaPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Object result = interceptorChain.proceed();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            publisher.awaitAcknowledgements(unitOfWork);
        }
        return result;
    }
}
