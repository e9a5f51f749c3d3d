package io.axoncommerce.notification.channel;

/** Sends a text message; throws if the gateway did not accept it. */
public interface SmsChannel {

    Delivery send(String to, String text);
}
