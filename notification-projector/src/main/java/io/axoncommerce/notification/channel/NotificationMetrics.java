package io.axoncommerce.notification.channel;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import static io.axoncommerce.observability.EnumMeters.perValue;
import static io.axoncommerce.observability.EnumMeters.tag;

/**
 * {@code axoncommerce.notifications{channel, outcome}}: what became of each notification the projector meant to
 * send. Outcomes: {@code sent} (the mail server or the gateway's webhook accepted it), {@code logged} (no gateway is
 * configured for the channel, so it was only logged: a dashboard must not count it as reaching the customer),
 * {@code failed} (the channel threw: the record is retried, so one notification can fail several times before it is
 * sent), {@code duplicate} (already sent for this event, e.g. on a retried record).
 * Every combination is registered up front: 3 channels × 4 outcomes, a fixed set.
 */
@Component
public class NotificationMetrics {

    static final String NOTIFICATIONS = "axoncommerce.notifications";

    enum Outcome { SENT, LOGGED, FAILED, DUPLICATE }

    private final Map<Channel, Map<Outcome, Counter>> counters;

    public NotificationMetrics(MeterRegistry registry) {
        this.counters = perValue(Channel.class, channel -> perValue(Outcome.class, outcome ->
                Counter.builder(NOTIFICATIONS).description("Notifications by channel and outcome")
                        .tag("channel", tag(channel)).tag("outcome", tag(outcome)).register(registry)));
    }

    void count(Channel channel, Outcome outcome) {
        counters.get(channel).get(outcome).increment();
    }
}
