package io.axoncommerce.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's access rules, e.g. {@code rules.requestMatchers(POST, "/api/orders").hasRole("customer")}. The shared
 * filter chain ({@link ApiSecurityAutoConfiguration}) opens health/metrics and the error page before them and requires
 * an authenticated caller for anything they leave out.
 */
@FunctionalInterface
public interface ApiAuthorization {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
