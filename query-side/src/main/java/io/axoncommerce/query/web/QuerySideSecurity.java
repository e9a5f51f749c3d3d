package io.axoncommerce.query.web;

import io.axoncommerce.security.ApiAuthorization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may read what (the filter chain itself is api-security's): the catalogue and its search are public; orders are
 * for customers (their own, checked by {@code OrderQueryController}) and admins; stock levels for catalogue admins
 * and admins; processor status and replays for admins.
 */
@Configuration(proxyBeanMethods = false)
public class QuerySideSecurity {

    @Bean("querySideAuthorization")
    public ApiAuthorization querySideAuthorization() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/products", "/api/products/**").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/**").hasAnyRole("customer", "admin")
                .requestMatchers(HttpMethod.GET, "/api/inventory/**").hasAnyRole("catalog-admin", "admin")
                .requestMatchers("/api/admin/**").hasRole("admin");
    }
}
