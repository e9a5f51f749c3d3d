package io.axoncommerce.notification.channel;

import io.axoncommerce.notification.NotificationProjectorProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Body: {@code {"target": "...", "title": "...", "body": "..."}} to {@code notification-projector.push.webhook-url}. */
@Component
class WebhookPushChannel implements PushChannel {

    record Push(String target, String title, String body) {
    }

    private final Webhook webhook;

    WebhookPushChannel(NotificationProjectorProperties properties, RestClient.Builder http) {
        this.webhook = new Webhook("Push", properties.push().webhookUrl(), http);
    }

    @Override
    public Delivery send(String target, String title, String body) {
        return webhook.post(new Push(target, title, body));
    }
}
