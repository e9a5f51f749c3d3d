package io.axoncommerce.query.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Flushes the projections' buffers after the last event of a batch has been handled. Doing it here rather than in
 * the commit phase matters: the pooled processor stores its token in an earlier-registered prepare-commit callback,
 * and MongoDB (without transactions) would keep that token even if the flush failed after it. Here a failing flush
 * fails the batch before the token is stored, and the processor retries the batch.
 */
public class BatchFlushInterceptor implements MessageHandlerInterceptor<EventMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Object result = interceptorChain.proceed();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            UnitOfWorkBuffers.flushCurrent();
        }
        return result;
    }
}
