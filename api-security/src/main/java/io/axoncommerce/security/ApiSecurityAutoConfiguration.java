package io.axoncommerce.security;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Makes an API service an OAuth2 resource server (defence in depth: each service checks tokens itself, whatever the
 * gateway does). Tokens are validated with Boot's standard {@code spring.security.oauth2.resourceserver.jwt.*}
 * (production), or with the {@link LocalSigningKey} when the {@code local} profile is active. Stateless: no session,
 * no CSRF (no cookies are used, a bearer token has to be sent deliberately).
 * <p>
 * Runs before Boot's security auto-configurations so that its filter chain and the local decoder take their place.
 * <p>
 * The actuator: health and Prometheus are open, every other endpoint needs {@value #ADMIN_ROLE}, and health shows its
 * components and details to that role only ({@code actuator-defaults.properties}, defaults a service's own
 * configuration could override).
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpSecurity.class)
@EnableWebSecurity
@EnableConfigurationProperties(ApiSecurityProperties.class)
@PropertySource("classpath:io/axoncommerce/security/actuator-defaults.properties")
public class ApiSecurityAutoConfiguration {

    /** Operators: every actuator endpoint besides health and Prometheus, and health's details. */
    public static final String ADMIN_ROLE = "admin";

    /** The local profile's decoder; without that profile Boot builds one from issuer-uri/jwk-set-uri. */
    @Bean
    @Profile(LocalSigningKey.PROFILE)
    JwtDecoder localJwtDecoder(Environment environment) {
        LocalSigningKey key = LocalSigningKey.fromEnvironment(environment);
        return NimbusJwtDecoder.withSecretKey(key.secretKey()).macAlgorithm(MacAlgorithm.HS256).build();
    }

    @Bean
    SecurityProblems securityProblems(ObjectMapper json) {
        return new SecurityProblems(json);
    }

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSecurityProperties properties,
                                               ObjectProvider<ApiAuthorization> serviceRules,
                                               ObjectProvider<JwtDecoder> decoders,
                                               SecurityProblems problems, Environment environment)
            throws Exception {
        // refuses a local signing key outside the local profile, even where a real issuer is configured too
        LocalSigningKey.fromEnvironment(environment);
        if (decoders.getIfAvailable() == null) {
            throw new IllegalStateException("No way to validate tokens: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri (or jwk-set-uri), or activate the '"
                    + LocalSigningKey.PROFILE + "' profile for development");
        }
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(new RolesClaimConverter(properties.rolesClaim()));
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
        ProblemAccessDeniedHandler denied = new ProblemAccessDeniedHandler(problems);

        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .oauth2ResourceServer(o -> o.jwt(jwt -> jwt.decoder(decoders.getObject())
                                .jwtAuthenticationConverter(authentication))
                        .authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .authorizeHttpRequests(rules -> {
                    // the error page and async dispatches (SSE) were authorized on their original request
                    rules.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    // probed and scraped on the internal network by the orchestrator and Prometheus, which send no
                    // token; health tells them UP or DOWN only (details: actuator-defaults.properties)
                    rules.requestMatchers(EndpointRequest.to("health", "prometheus").withHttpMethod(HttpMethod.GET))
                            .permitAll();
                    // the rest (metrics, info, the endpoint list, whatever a service exposes besides) shows the
                    // service's inside: operators only. Before the services' rules, so none can open it by accident.
                    rules.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(ADMIN_ROLE);
                    serviceRules.orderedStream().forEach(service -> service.configure(rules));
                    rules.anyRequest().authenticated();
                })
                .addFilterAfter(new ClientRateLimitFilter(properties.rateLimits(), properties.rateLimitClients(),
                        problems), AuthorizationFilter.class);
        return http.build();
    }

    /** Before Spring Security's filter chain: refusing an oversized body needs no caller. */
    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(ApiSecurityProperties properties,
                                                                         SecurityProblems problems) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(properties.maxRequestBody().toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * Every object mapper built from Boot's builder (the one reading request bodies, and copies of it such as the
     * command side's strict reader) refuses deep nesting and huge strings while parsing: a 400, never a stack overflow
     * or a large allocation.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer apiJsonLimits(ApiSecurityProperties properties) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(properties.maxJsonDepth())
                .maxStringLength(properties.maxJsonStringLength())
                .build();
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(limits));
    }
}
