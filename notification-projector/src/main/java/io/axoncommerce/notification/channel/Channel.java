package io.axoncommerce.notification.channel;

public enum Channel {
    EMAIL, SMS, PUSH
}
