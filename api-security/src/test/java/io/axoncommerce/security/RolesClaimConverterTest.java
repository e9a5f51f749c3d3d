package io.axoncommerce.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class RolesClaimConverterTest {

    @Test
    void aTopLevelListOrSpaceSeparatedStringGivesRoleAuthorities() {
        assertThat(authorities("roles", claims -> claims.put("roles", List.of("customer", "admin"))))
                .containsExactly("ROLE_customer", "ROLE_admin");
        assertThat(authorities("roles", claims -> claims.put("roles", " catalog-admin  admin ")))
                .containsExactly("ROLE_catalog-admin", "ROLE_admin");
    }

    @Test
    void keycloakRealmRolesAreReadThroughADottedPath() {
        assertThat(authorities("realm_access.roles", claims -> claims.put("realm_access",
                Map.of("roles", List.of("customer", "offline_access")))))
                .containsExactly("ROLE_customer", "ROLE_offline_access");
    }

    @Test
    void aTopLevelClaimWithDotsInItsNameWinsOverThePath() {
        assertThat(authorities("https://shop.example/roles",
                claims -> claims.put("https://shop.example/roles", List.of("admin"))))
                .containsExactly("ROLE_admin");
    }

    @Test
    void aMissingClaimABrokenPathOrValuesOfAnotherShapeGiveNoRoles() {
        assertThat(authorities("realm_access.roles", claims -> { })).isEmpty();
        assertThat(authorities("realm_access.roles", claims -> claims.put("realm_access", "admin"))).isEmpty();
        assertThat(authorities("realm_access.roles", claims -> claims.put("realm_access",
                Map.of("roles", Map.of("admin", true))))).isEmpty();
        assertThat(authorities("roles", claims -> claims.put("roles", List.of(42, "customer"))))
                .containsExactly("ROLE_customer");
    }

    @Test
    void aBlankClaimNameIsAConfigurationError() {
        assertThatThrownBy(() -> new RolesClaimConverter(" "))
                .hasMessageContaining("axon-commerce.security.roles-claim");
    }

    private static List<String> authorities(String claim, Consumer<Map<String, Object>> claims) {
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "HS256").subject("customer-1").claims(claims).build();
        Collection<GrantedAuthority> granted = new RolesClaimConverter(claim).convert(jwt);
        return granted.stream().map(GrantedAuthority::getAuthority).toList();
    }
}
