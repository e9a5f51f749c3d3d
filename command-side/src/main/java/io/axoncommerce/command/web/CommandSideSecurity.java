package io.axoncommerce.command.web;

import io.axoncommerce.security.ApiAuthorization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may send which command (the filter chain itself is api-security's): customers place and cancel orders (their
 * own: the customer is the token subject, and the Order refuses a cancellation by anyone else), catalogue admins
 * manage products and stock. The API description stays public.
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideSecurity {

    @Bean("commandSideAuthorization")
    public ApiAuthorization commandSideAuthorization() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                        "/swagger-ui/**").permitAll()
                .requestMatchers(HttpMethod.POST, "/api/orders", "/api/orders/*/cancel").hasRole("customer")
                .requestMatchers("/api/products", "/api/products/**").hasRole("catalog-admin");
    }
}
