package io.axoncommerce.query;

import java.time.Duration;
import java.util.List;

import io.axoncommerce.security.LocalSigningKey;

/** Real signed JWTs with the local profile's documented key. */
public final class TestTokens {

    private static final LocalSigningKey KEY = LocalSigningKey.of(LocalSigningKey.DEFAULT);

    private TestTokens() {
    }

    public static String token(String subject, String... roles) {
        return KEY.mint(subject, List.of(roles), Duration.ofMinutes(30));
    }
}
