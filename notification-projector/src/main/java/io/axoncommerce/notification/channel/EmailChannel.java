package io.axoncommerce.notification.channel;

/** Sends an e-mail; throws if it could not be handed over (the record is then retried). */
public interface EmailChannel {

    Delivery send(String to, String subject, String body);
}
