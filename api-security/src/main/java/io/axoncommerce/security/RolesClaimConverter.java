package io.axoncommerce.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The caller's roles as authorities {@code ROLE_r}, read from the configured claim. Spring Security's
 * {@code JwtGrantedAuthoritiesConverter} reads top-level claims only, while identity providers put roles in nested
 * ones (Keycloak: {@code realm_access.roles}); so a claim name that is not a top-level claim is read as a dotted path
 * into nested objects. A top-level claim wins, because namespaced claims (Auth0: {@code https://shop.example/roles})
 * have dots in their names.
 */
final class RolesClaimConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final String claim;

    RolesClaimConverter(String claim) {
        if (claim == null || claim.isBlank()) {
            throw new IllegalArgumentException("axon-commerce.security.roles-claim must not be blank");
        }
        this.claim = claim;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Object roles = jwt.hasClaim(claim) ? jwt.getClaim(claim) : nested(jwt.getClaims());
        return names(roles).stream()
                .filter(role -> !role.isBlank())
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }

    private Object nested(Map<String, Object> claims) {
        Object current = claims;
        for (String step : claim.split("\\.")) {
            if (!(current instanceof Map<?, ?> object)) {
                return null;
            }
            current = object.get(step);
        }
        return current;
    }

    /** A list of strings, or one space separated string (the OAuth2 {@code scope} convention); anything else: none. */
    private static List<String> names(Object roles) {
        if (roles instanceof String text) {
            return Arrays.asList(text.trim().split("\\s+"));
        }
        if (roles instanceof Collection<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
