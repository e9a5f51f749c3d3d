package io.axoncommerce.notification.channel;

/** Sends a push notification; throws if the gateway did not accept it. */
public interface PushChannel {

    void send(String target, String title, String body);
}
