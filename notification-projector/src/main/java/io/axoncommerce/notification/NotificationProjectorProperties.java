package io.axoncommerce.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topics    the bridge's topics this projector reads
 * @param deadLetterTopic where records go that cannot be processed, with the error in headers
 * @param retry     back-off for records that failed for a reason that may pass (SMTP down, order not known yet)
 * @param contacts  how a customer's addresses are derived from the customer id (there is no customer service)
 * @param mail      the sender of the e-mails
 * @param sms       SMS gateway webhook; blank = log only
 * @param push      push gateway webhook; blank = log only
 */
@ConfigurationProperties("notification-projector")
public record NotificationProjectorProperties(
        @DefaultValue Topics topics,
        @DefaultValue("axon-commerce.notification-projector.dlt") String deadLetterTopic,
        @DefaultValue Retry retry,
        @DefaultValue Contacts contacts,
        @DefaultValue Mail mail,
        @DefaultValue Webhook sms,
        @DefaultValue Webhook push) {

    public record Topics(@DefaultValue("axon-commerce.orders") String orders,
                         @DefaultValue("axon-commerce.payments") String payments) {
    }

    public record Retry(@DefaultValue("500ms") Duration initialInterval,
                        @DefaultValue("10s") Duration maxInterval,
                        @DefaultValue("6") int maxRetries) {
    }

    /** Templates in which {@code {customerId}} is replaced by the order's customer id. */
    public record Contacts(@DefaultValue("{customerId}@customers.axon-commerce.local") String emailTemplate,
                           @DefaultValue("{customerId}") String phoneTemplate,
                           @DefaultValue("customers/{customerId}") String pushTargetTemplate) {

        public String email(String customerId) {
            return emailTemplate.replace("{customerId}", customerId);
        }

        public String phone(String customerId) {
            return phoneTemplate.replace("{customerId}", customerId);
        }

        public String pushTarget(String customerId) {
            return pushTargetTemplate.replace("{customerId}", customerId);
        }
    }

    public record Mail(@DefaultValue("orders@axon-commerce.local") String from) {
    }

    public record Webhook(@DefaultValue("") String webhookUrl) {
    }
}
