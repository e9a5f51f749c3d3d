package io.axoncommerce.notification.channel;

import io.axoncommerce.notification.events.CloudEvent;
import io.axoncommerce.notification.history.NotificationHistory;
import org.springframework.stereotype.Component;

/**
 * Sends one notification of an event on one channel at most once per successful attempt: a notification already in
 * the history (same event id and channel) is not sent again. So when a record is retried after one of its channels
 * failed, only the missing notifications go out.
 */
@Component
public class Dispatcher {

    private final EmailChannel email;
    private final SmsChannel sms;
    private final PushChannel push;
    private final NotificationHistory history;
    private final NotificationMetrics metrics;

    Dispatcher(EmailChannel email, SmsChannel sms, PushChannel push, NotificationHistory history,
               NotificationMetrics metrics) {
        this.email = email;
        this.sms = sms;
        this.push = push;
        this.history = history;
        this.metrics = metrics;
    }

    public void send(CloudEvent event, Channel channel, String customerId, String address, String subject, String body) {
        if (history.wasSent(event.id(), channel)) {
            metrics.count(channel, NotificationMetrics.Outcome.DUPLICATE);
            return;
        }
        Delivery delivery;
        try {
            delivery = switch (channel) {
                case EMAIL -> email.send(address, subject, body);
                case SMS -> sms.send(address, body);
                case PUSH -> push.send(address, subject, body);
            };
        } catch (RuntimeException e) {
            metrics.count(channel, NotificationMetrics.Outcome.FAILED);
            throw e;
        }
        metrics.count(channel, delivery == Delivery.SENT
                ? NotificationMetrics.Outcome.SENT : NotificationMetrics.Outcome.LOGGED);
        history.recordSent(event, channel, customerId, address, subject, body, delivery);
    }
}
