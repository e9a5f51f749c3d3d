package io.axoncommerce.notification.channel;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code axoncommerce.notifications{channel, outcome}}: what became of each notification the projector meant to
 * send. Outcomes: {@code sent} (the mail server or the gateway's webhook accepted it), {@code logged} (no gateway is
 * configured for the channel, so it was only logged: a dashboard must not count it as reaching the customer),
 * {@code failed} (the channel threw: the record is retried, so one notification can
 * fail several times before it is sent), {@code duplicate} (already sent for this event, e.g. on a retried record).
 * Every combination is registered up front: 3 channels × 4 outcomes, a fixed set.
 */
@Component
public class NotificationMetrics {

    static final String NOTIFICATIONS = "axoncommerce.notifications";

    enum Outcome { SENT, LOGGED, FAILED, DUPLICATE }

    private final Map<Channel, Map<Outcome, Counter>> counters = new EnumMap<>(Channel.class);

    public NotificationMetrics(MeterRegistry registry) {
        for (Channel channel : Channel.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder(NOTIFICATIONS)
                        .description("Notifications by channel and outcome")
                        .tag("channel", channel.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
            counters.put(channel, byOutcome);
        }
    }

    void count(Channel channel, Outcome outcome) {
        counters.get(channel).get(outcome).increment();
    }
}
