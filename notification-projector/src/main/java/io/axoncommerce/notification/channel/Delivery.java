package io.axoncommerce.notification.channel;

/** What a channel did with a notification it accepted. */
public enum Delivery {
    /** Handed to the mail server or the gateway's webhook, which accepted it. */
    SENT,
    /** No gateway is configured for the channel (the SMS and push default): only written to the log. */
    LOGGED_ONLY
}
