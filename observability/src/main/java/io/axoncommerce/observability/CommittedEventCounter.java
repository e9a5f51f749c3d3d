package io.axoncommerce.observability;

import java.util.List;
import java.util.function.BiFunction;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Business metrics counted from the events a service publishes, once they are stored: when a unit of work is
 * running, only after it committed, so a command that fails on a concurrency conflict and is retried counts once.
 * Register it as a dispatch interceptor on the event bus the aggregates publish to.
 */
public abstract class CommittedEventCounter implements MessageDispatchInterceptor<EventMessage<?>> {

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        if (CurrentUnitOfWork.isStarted()) {
            List<Object> payloads = messages.stream().<Object>map(EventMessage::getPayload).toList();
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> payloads.forEach(this::count));
        } else {
            // published outside a unit of work: the event bus stores it right away
            messages.forEach(message -> count(message.getPayload()));
        }
        return (index, message) -> message;
    }

    /** Counts one stored event; payloads that are no business fact of this service are ignored. */
    protected abstract void count(Object payload);
}
