package io.axoncommerce.notification.channel;

/** Sends a push notification; throws if the gateway did not accept it. */
public interface PushChannel {

    Delivery send(String target, String title, String body);
}
