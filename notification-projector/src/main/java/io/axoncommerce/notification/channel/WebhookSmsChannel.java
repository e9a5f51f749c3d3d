package io.axoncommerce.notification.channel;

import io.axoncommerce.notification.NotificationProjectorProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Body: {@code {"to": "...", "text": "..."}} to {@code notification-projector.sms.webhook-url}. */
@Component
class WebhookSmsChannel implements SmsChannel {

    record Sms(String to, String text) {
    }

    private final Webhook webhook;

    WebhookSmsChannel(NotificationProjectorProperties properties, RestClient.Builder http) {
        this.webhook = new Webhook("SMS", properties.sms().webhookUrl(), http);
    }

    @Override
    public Delivery send(String to, String text) {
        return webhook.post(new Sms(to, text));
    }
}
