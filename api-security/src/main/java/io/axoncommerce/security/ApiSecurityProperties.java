package io.axoncommerce.security;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code axon-commerce.security.*}: what an API service's security needs besides Boot's standard
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}/{@code jwk-set-uri} (the production keys).
 *
 * @param rolesClaim        the JWT claim holding the caller's roles (a list or a space separated string); each role
 *                          {@code r} becomes the authority {@code ROLE_r}. When no top-level claim has this name,
 *                          a dotted path into nested claims ({@code realm_access.roles} for Keycloak)
 * @param maxRequestBody    larger request bodies are refused with 413 before anything reads them
 * @param maxJsonDepth      JSON nested deeper than this is malformed (400): no request of ours needs more than a few
 *                          levels, and deep nesting only costs stack and time
 * @param maxJsonStringLength a longer JSON string is malformed (400)
 * @param rateLimitClients  how many clients' rate limiters are kept at most (least recently used go first), so a
 *                          flood of distinct clients cannot exhaust memory
 * @param rateLimits        per-client limits by name, each for one method and path
 * @param local             the local profile's signing key (development only, see {@link LocalSigningKey})
 */
@ConfigurationProperties("axon-commerce.security")
public record ApiSecurityProperties(@DefaultValue("roles") String rolesClaim,
                                    @DefaultValue("64KB") DataSize maxRequestBody,
                                    @DefaultValue("32") int maxJsonDepth,
                                    @DefaultValue("100000") int maxJsonStringLength,
                                    @DefaultValue("10000") int rateLimitClients,
                                    Map<String, RateLimit> rateLimits,
                                    @DefaultValue Local local) {

    public ApiSecurityProperties {
        rateLimits = rateLimits == null ? Map.of() : Map.copyOf(rateLimits);
    }

    /**
     * At most {@code limitForPeriod} requests per {@code refreshPeriod} per client (token subject, else remote
     * address) on {@code method} {@code path} (an Ant-style pattern); more answer 429 with {@code Retry-After}.
     */
    public record RateLimit(String method, String path, @DefaultValue("20") int limitForPeriod,
                            @DefaultValue("1s") Duration refreshPeriod) {
    }

    /**
     * @param signingKey the HMAC key of the local profile; unset = {@link LocalSigningKey#DEFAULT}. Refused at start
     *                   unless the {@code local} profile is active.
     */
    public record Local(String signingKey) {
    }
}
