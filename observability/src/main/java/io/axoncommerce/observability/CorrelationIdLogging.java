package io.axoncommerce.observability;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts the Axon correlation id of the message being handled into the logging MDC as {@value #MDC_KEY}, for the time
 * of its handling: every line logged by a command, event, saga or query handler names the business transaction it
 * belongs to (the id of the command that started it), next to the trace and span ids Micrometer Tracing puts there.
 * A message without one (the first command of a transaction) is its own origin: its id is used.
 */
public final class CorrelationIdLogging implements MessageHandlerInterceptor<Message<?>> {

    public static final String MDC_KEY = "correlationId";

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Message<?> message = unitOfWork.getMessage();
        Object correlation = message.getMetaData().get(MessageOriginProvider.getDefaultCorrelationKey());
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, correlation != null ? correlation.toString() : message.getIdentifier());
        try {
            return interceptorChain.proceed();
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }
}
