package io.axoncommerce.notification.history;

import io.axoncommerce.security.ApiAuthorization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The notification history is for customers (their own, checked by {@link NotificationController}) and admins; the
 * filter chain itself is api-security's.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationSecurity {

    @Bean("notificationProjectorAuthorization")
    public ApiAuthorization notificationProjectorAuthorization() {
        return rules -> rules.requestMatchers(HttpMethod.GET, "/api/notifications").hasAnyRole("customer", "admin");
    }
}
