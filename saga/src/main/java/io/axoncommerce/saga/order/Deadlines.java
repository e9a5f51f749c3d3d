package io.axoncommerce.saga.order;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.axoncommerce.api.order.OrderStep;
import org.axonframework.eventhandling.scheduling.ScheduleToken;

import java.util.Arrays;
import java.util.List;

/**
 * The schedule tokens of the saga's armed deadlines, one per {@link OrderStep}, {@code null} when that step's deadline
 * is not armed. Kept with the saga so that a reloaded saga can still cancel a deadline.
 * <p>
 * Stored unwrapped into the saga's JSON ({@code @JsonUnwrapped} in {@link OrderFulfilmentSaga}), under the names the
 * saga's own fields had before this record existed, so a saga stored by an earlier version loads unchanged. A token's
 * class depends on the scheduler (Axon Server's or a test stub), so it is recorded with the value.
 */
record Deadlines(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) ScheduleToken reservationDeadline,
                 @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) ScheduleToken paymentDeadline,
                 @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) ScheduleToken refundDeadline,
                 @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) ScheduleToken settlementDeadline) {

    static final Deadlines NONE = new Deadlines(null, null, null, null);

    /** The token of the step's armed deadline, or {@code null}. */
    ScheduleToken of(OrderStep step) {
        return switch (step) {
            case STOCK_RESERVATION -> reservationDeadline;
            case PAYMENT -> paymentDeadline;
            case REFUND -> refundDeadline;
            case SETTLEMENT -> settlementDeadline;
        };
    }

    boolean armed(OrderStep step) {
        return of(step) != null;
    }

    /** These deadlines with the step's token replaced ({@code null}: not armed). */
    Deadlines with(OrderStep step, ScheduleToken token) {
        return new Deadlines(
                step == OrderStep.STOCK_RESERVATION ? token : reservationDeadline,
                step == OrderStep.PAYMENT ? token : paymentDeadline,
                step == OrderStep.REFUND ? token : refundDeadline,
                step == OrderStep.SETTLEMENT ? token : settlementDeadline);
    }

    /** The steps whose deadline is armed. */
    List<OrderStep> armedSteps() {
        return Arrays.stream(OrderStep.values()).filter(this::armed).toList();
    }
}
