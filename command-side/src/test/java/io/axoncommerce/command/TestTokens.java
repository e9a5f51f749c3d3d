package io.axoncommerce.command;

import java.time.Duration;
import java.util.List;

import io.axoncommerce.security.LocalSigningKey;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Real signed JWTs with the local profile's documented key, and MockMvc post-processors that send them. */
public final class TestTokens {

    private static final LocalSigningKey KEY = LocalSigningKey.of(LocalSigningKey.DEFAULT);

    private TestTokens() {
    }

    public static String token(String subject, String... roles) {
        return KEY.mint(subject, List.of(roles), Duration.ofMinutes(30));
    }

    /** The request as {@code subject} with {@code roles}, replacing any default token. */
    public static RequestPostProcessor as(String subject, String... roles) {
        return bearer(token(subject, roles));
    }

    public static RequestPostProcessor bearer(String token) {
        return request -> {
            request.removeHeader(HttpHeaders.AUTHORIZATION);
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return request;
        };
    }

    /** The request without any token. */
    public static RequestPostProcessor anonymous() {
        return request -> {
            request.removeHeader(HttpHeaders.AUTHORIZATION);
            return request;
        };
    }

    /** Sends the default caller's token unless the request already has one (set or removed by a later processor). */
    static RequestPostProcessor defaultCaller(String subject, String... roles) {
        String token = token(subject, roles);
        return request -> {
            if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
                request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            }
            return request;
        };
    }
}
