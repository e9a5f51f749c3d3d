package io.axoncommerce.notification.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * POSTs a JSON body to a gateway's webhook; a non-2xx answer throws (so the record is retried). Without a URL it
 * only logs what it would have sent, and says so: the default, since there is no SMS or push gateway here.
 */
final class Webhook {

    private static final Logger log = LoggerFactory.getLogger(Webhook.class);

    private final String name;
    private final String url;
    private final RestClient http;

    Webhook(String name, String url, RestClient.Builder http) {
        this.name = name;
        this.url = url == null || url.isBlank() ? null : url;
        this.http = http.build();
    }

    Delivery post(Object body) {
        if (url == null) {
            log.info("{} (log only, no webhook URL configured): {}", name, body);
            return Delivery.LOGGED_ONLY;
        }
        http.post().uri(url).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toBodilessEntity();
        return Delivery.SENT;
    }
}
