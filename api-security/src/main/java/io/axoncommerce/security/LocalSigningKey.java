package io.axoncommerce.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The embedded default's token signing key: HMAC-SHA256 with a key everyone can read in this file. It is NOT A
 * SECRET and only exists so that {@code ./axon-commerce run} and the tests work without an identity provider; it is
 * honoured only while the {@code local} profile is active, and setting {@code axon-commerce.security.local.signing-key}
 * without that profile stops the service at start, so a production deployment cannot accept tokens signed with it.
 * Production validates tokens of a real issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or
 * {@code jwk-set-uri}).
 */
public final class LocalSigningKey {

    public static final String PROFILE = "local";
    public static final String PROPERTY = "axon-commerce.security.local.signing-key";
    /** Public on purpose, see the class comment. At least 256 bits, as HS256 requires. */
    public static final String DEFAULT = "axon-commerce-LOCAL-development-signing-key-NOT-A-SECRET";
    /** The issuer the local tokens name; informational (the local decoder checks the signature and expiry). */
    public static final String ISSUER = "urn:axon-commerce:local";

    private final SecretKey key;

    private LocalSigningKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException(PROPERTY + " must be at least 32 bytes (HS256)");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /**
     * The local key when the {@code local} profile is active, else null; a configured key without that profile is a
     * configuration error.
     */
    public static LocalSigningKey fromEnvironment(Environment environment) {
        String configured = environment.getProperty(PROPERTY);
        if (!environment.acceptsProfiles(Profiles.of(PROFILE))) {
            if (configured != null) {
                throw new IllegalStateException(PROPERTY + " is set but the '" + PROFILE + "' profile is not active: "
                        + "the local signing key is for development only; configure "
                        + "spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri instead");
            }
            return null;
        }
        return new LocalSigningKey(configured == null || configured.isBlank() ? DEFAULT : configured);
    }

    /** For tests and the local minting endpoint: the key as documented. */
    public static LocalSigningKey of(String secret) {
        return new LocalSigningKey(secret);
    }

    public SecretKey secretKey() {
        return key;
    }

    /** A signed token for {@code subject} with {@code roles} in the {@code roles} claim, valid for {@code ttl}. */
    public String mint(String subject, Collection<String> roles, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .claim("roles", List.copyOf(roles)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a local token", e);
        }
        return jwt.serialize();
    }
}
