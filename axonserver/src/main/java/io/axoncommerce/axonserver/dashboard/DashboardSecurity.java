package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.config.AxonServerProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may use the dashboard. Without a login when neither {@code axoniq.axonserver.accesscontrol.enabled} nor
 * {@code axoniq.axonserver.dashboard.admin-password} is set, and then to clients on this machine only. Otherwise
 * pages need a form login as {@code admin} (with the admin password, or the access token when there is no password),
 * and the API needs a logged-in session or the {@code AxonIQ-Access-Token} header (the access token, or the admin
 * password). Health stays open to everyone. Either way no other site can make a browser take an action.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

    static final String TOKEN_HEADER = "AxonIQ-Access-Token";
    static final String ADMIN_USER = "admin";

    /**
     * Second line of defence behind text-only rendering: only the dashboard's own scripts run (no inline script,
     * no event handler attributes), nothing is loaded from elsewhere. Inline styles stay allowed for Spring
     * Security's login page.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final RequestMatcher API = request -> request.getRequestURI().startsWith("/v1/");

    @Bean
    PasswordEncoder dashboardPasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService dashboardUsers(AxonServerProperties server, DashboardProperties dashboard,
                                      PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        List<String> secrets = secrets(server, dashboard);
        if (!secrets.isEmpty()) {
            users.createUser(User.withUsername(ADMIN_USER).password(encoder.encode(secrets.getFirst()))
                                 .roles("ADMIN").build());
        }
        return users;
    }

    /** The admin password first (the login), then the access token; empty when the dashboard is open. */
    private static List<String> secrets(AxonServerProperties server, DashboardProperties dashboard) {
        List<String> secrets = new ArrayList<>();
        if (dashboard.getAdminPassword() != null && !dashboard.getAdminPassword().isBlank()) {
            secrets.add(dashboard.getAdminPassword());
        }
        if (server.getAccesscontrol().isEnabled() && server.getAccesscontrol().getToken() != null
                && !server.getAccesscontrol().getToken().isBlank()) {
            secrets.add(server.getAccesscontrol().getToken());
        }
        return secrets;
    }

    @Bean
    SecurityFilterChain dashboardFilterChain(HttpSecurity http, AxonServerProperties server,
                                             DashboardProperties dashboard, ObjectMapper objectMapper)
            throws Exception {
        List<String> secrets = secrets(server, dashboard);
        http.addFilterBefore(new CrossSiteRequestFilter((response, detail) ->
                                     writeProblem(response, objectMapper, HttpStatus.FORBIDDEN, detail)),
                             CsrfFilter.class);
        if (secrets.isEmpty()) {
            // Nobody logs in, so there is no session for a CSRF token to protect (the cross-site filter above stops
            // forged actions). Nothing proves who a caller is either: only this machine's users may look.
            AuthenticationEntryPoint notLocal = (request, response, e) ->
                    writeProblem(response, objectMapper, HttpStatus.FORBIDDEN, "The dashboard has no login, so it "
                            + "serves this machine only. To open it to others, set "
                            + "axoniq.axonserver.dashboard.admin-password or enable access control with a token.");
            return http.authorizeHttpRequests(a -> a
                               .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                               .requestMatchers(DashboardSecurity::fromLoopback).permitAll()
                               .anyRequest().denyAll())
                       .exceptionHandling(e -> e.authenticationEntryPoint(notLocal))
                       .csrf(AbstractHttpConfigurer::disable)
                       .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)))
                       .build();
        }
        AuthenticationEntryPoint apiUnauthorized = (request, response, e) ->
                writeProblem(response, objectMapper, HttpStatus.UNAUTHORIZED,
                             "Log in, or send the " + TOKEN_HEADER + " header");
        // the pages' scripts read the XSRF-TOKEN cookie and send it back as X-XSRF-TOKEN; loading the token on
        // every request (no deferral) makes sure the cookie exists before the first action
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        csrfHandler.setCsrfRequestAttributeName(null);
        // after the login, go back to the page that asked for it, never to an API call or a script
        HttpSessionRequestCache pagesOnly = new HttpSessionRequestCache();
        pagesOnly.setRequestMatcher(request -> !API.matches(request)
                && !request.getRequestURI().endsWith(".js") && !request.getRequestURI().endsWith(".css"));
        return http
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/login", "/error",
                                         "/dashboard.css").permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(new AccessTokenFilter(secrets, objectMapper),
                                 UsernamePasswordAuthenticationFilter.class)
                .requestCache(cache -> cache.requestCache(pagesOnly))
                .formLogin(form -> form.defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // a cross-site page cannot set a custom header without a CORS preflight (never allowed here),
                // so a request carrying the token header is no forgery
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                                  .csrfTokenRequestHandler(csrfHandler)
                                  .ignoringRequestMatchers(r -> r.getHeader(TOKEN_HEADER) != null))
                // the API answers 401 with a problem body; everything else sends the browser to the login page
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(apiUnauthorized, API)
                                         .defaultAuthenticationEntryPointFor(
                                                 new LoginUrlAuthenticationEntryPoint("/login"),
                                                 AnyRequestMatcher.INSTANCE))
                .build();
    }

    /** The connection's peer, not a forwarded-for header: this server runs behind no proxy of ours. */
    static boolean fromLoopback(HttpServletRequest request) {
        return EmbeddedAxonServer.isLoopback(request.getRemoteAddr());
    }

    private static void writeProblem(HttpServletResponse response, ObjectMapper objectMapper, HttpStatus status,
                                     String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), ApiErrors.problem(status, detail));
    }

    /** Authenticates a request that carries a correct token header; refuses one with a wrong token. */
    private static final class AccessTokenFilter extends OncePerRequestFilter {

        private final List<byte[]> secrets;
        private final ObjectMapper objectMapper;

        private AccessTokenFilter(List<String> secrets, ObjectMapper objectMapper) {
            this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
            this.objectMapper = objectMapper;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(TOKEN_HEADER);
            if (header != null) {
                byte[] offered = header.getBytes(StandardCharsets.UTF_8);
                if (secrets.stream().noneMatch(secret -> MessageDigest.isEqual(secret, offered))) {
                    writeProblem(response, objectMapper, HttpStatus.UNAUTHORIZED, "Wrong " + TOKEN_HEADER);
                    return;
                }
                // for this request only: nothing is stored in a session
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "token", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
            }
            chain.doFilter(request, response);
        }
    }
}
