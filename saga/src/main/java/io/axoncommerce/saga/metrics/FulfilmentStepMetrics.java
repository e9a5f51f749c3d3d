package io.axoncommerce.saga.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import static io.axoncommerce.observability.EnumMeters.perValue;
import static io.axoncommerce.observability.EnumMeters.tag;

/**
 * How long each step of an order's fulfilment takes, measured on the saga's processor from the timestamps of the
 * events that start and end the step (when the facts happened, not when this processor got to them, so a lagging or
 * restarted saga reports the same durations):
 * <ul>
 *   <li>stock reservation: OrderPlaced → the last line's StockReserved (success) or the first rejection (failure);</li>
 *   <li>payment: all reserved → PaymentSucceeded / PaymentFailed;</li>
 *   <li>confirmation: payment succeeded → OrderConfirmed;</li>
 *   <li>place→confirmed: OrderPlaced → OrderConfirmed, the figure customers feel (histogram for p50/p95/p99).</li>
 * </ul>
 * A separate interceptor rather than code in the saga: the saga's state is its business, and the figures need no
 * saga state beyond what the events carry. Observed only after the saga's unit of work committed, and each event once
 * (by its identifier): the pooled processor hands an event to the work package of every segment, and a batch that is
 * rolled back is redelivered.
 * <p>
 * The progress of orders in flight is kept in memory, bounded ({@link #MAX_ORDERS_IN_FLIGHT}, oldest dropped); after
 * a restart the steps of orders already in flight are not measured (their start was before this process).
 */
public final class FulfilmentStepMetrics implements MessageHandlerInterceptor<EventMessage<?>> {

    static final String STEP_DURATION = "axoncommerce.saga.step.duration";
    static final String TIME_TO_CONFIRM = "axoncommerce.orders.time.to.confirm";
    static final String SAGAS_FINISHED = "axoncommerce.saga.orders.finished";
    static final int MAX_ORDERS_IN_FLIGHT = 10_000;

    enum Step { STOCK_RESERVATION, PAYMENT, CONFIRMATION }

    enum Outcome { SUCCESS, FAILURE }

    private final Map<Step, Map<Outcome, Timer>> stepTimers;
    private final Timer timeToConfirm;
    private final Counter confirmed;
    private final Counter cancelled;
    /** Identifiers of the events observed lately, so that none counts twice (bounded like {@link #inFlight}). */
    private final Map<String, Boolean> seen = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 4 * MAX_ORDERS_IN_FLIGHT;
        }
    };
    private final Map<String, Progress> inFlight = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Progress> eldest) {
            return size() > MAX_ORDERS_IN_FLIGHT;
        }
    };

    public FulfilmentStepMetrics(MeterRegistry registry) {
        this.stepTimers = perValue(Step.class, step -> perValue(Outcome.class, outcome -> Timer.builder(STEP_DURATION)
                .description("Duration of one step of the order fulfilment saga, from event timestamps")
                .tag("step", tag(step)).tag("outcome", tag(outcome))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry)));
        this.timeToConfirm = Timer.builder(TIME_TO_CONFIRM)
                .description("From OrderPlaced to OrderConfirmed, from event timestamps")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.confirmed = Counter.builder(SAGAS_FINISHED).description("Orders whose fulfilment the saga saw end")
                .tag("outcome", "confirmed").register(registry);
        this.cancelled = Counter.builder(SAGAS_FINISHED).description("Orders whose fulfilment the saga saw end")
                .tag("outcome", "cancelled").register(registry);
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        Object result = interceptorChain.proceed();
        unitOfWork.afterCommit(u -> observe(event.getIdentifier(), event.getPayload(), event.getTimestamp()));
        return result;
    }

    synchronized void observe(String eventId, Object payload, Instant at) {
        if (seen.put(eventId, Boolean.TRUE) != null) {
            return;
        }
        switch (payload) {
            case OrderPlacedEvent e -> inFlight.putIfAbsent(e.orderId(), new Progress(at, e.lines().size()));
            case StockReservedEvent e -> {
                Progress p = inFlight.get(e.orderId());
                if (p != null && p.reservedAt == null && p.reservedProducts.add(e.productId())
                        && p.reservedProducts.size() == p.lines) {
                    p.reservedAt = at;
                    record(Step.STOCK_RESERVATION, Outcome.SUCCESS, p.placedAt, at);
                }
            }
            case StockReservationRejectedEvent e -> {
                Progress p = inFlight.get(e.orderId());
                if (p != null && p.reservedAt == null && !p.reservationFailed) {
                    p.reservationFailed = true;
                    record(Step.STOCK_RESERVATION, Outcome.FAILURE, p.placedAt, at);
                }
            }
            case PaymentSucceededEvent e -> payment(e.orderId(), Outcome.SUCCESS, at);
            case PaymentFailedEvent e -> payment(e.orderId(), Outcome.FAILURE, at);
            case OrderConfirmedEvent e -> {
                Progress p = inFlight.remove(e.orderId());
                confirmed.increment();
                if (p != null) {
                    if (p.paidAt != null) {
                        record(Step.CONFIRMATION, Outcome.SUCCESS, p.paidAt, at);
                    }
                    timeToConfirm.record(nonNegative(p.placedAt, at));
                }
            }
            case OrderCancelledEvent e -> {
                inFlight.remove(e.orderId());
                cancelled.increment();
            }
            default -> {
                // other events of the saga (deadlines, refunds) end no step
            }
        }
    }

    private void payment(String orderId, Outcome outcome, Instant at) {
        Progress p = inFlight.get(orderId);
        if (p != null && p.reservedAt != null && p.paidAt == null && !p.paymentFailed) {
            if (outcome == Outcome.SUCCESS) {
                p.paidAt = at;
            } else {
                p.paymentFailed = true;
            }
            record(Step.PAYMENT, outcome, p.reservedAt, at);
        }
    }

    private void record(Step step, Outcome outcome, Instant from, Instant to) {
        stepTimers.get(step).get(outcome).record(nonNegative(from, to));
    }

    /** Timestamps come from different JVMs' clocks (command side, payment adapter): never a negative duration. */
    private static Duration nonNegative(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d;
    }


    /** One order in flight, as far as this processor has seen it. */
    private static final class Progress {
        final Instant placedAt;
        final int lines;
        final Set<String> reservedProducts = new HashSet<>();
        Instant reservedAt;
        Instant paidAt;
        boolean reservationFailed;
        boolean paymentFailed;

        Progress(Instant placedAt, int lines) {
            this.placedAt = placedAt;
            this.lines = lines;
        }
    }
}
