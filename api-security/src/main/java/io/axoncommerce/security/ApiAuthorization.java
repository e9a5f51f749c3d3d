package io.axoncommerce.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's access rules, e.g. {@code rules.requestMatchers(POST, "/api/orders").hasRole("customer")}. The shared
 * filter chain ({@link ApiSecurityAutoConfiguration}) decides the actuator and the error page before them (a service's
 * rule cannot change who reads the actuator) and requires an authenticated caller for anything they leave out.
 */
@FunctionalInterface
public interface ApiAuthorization {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
