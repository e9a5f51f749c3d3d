package io.axoncommerce.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class LocalSigningKeyTest {

    @Test
    void theLocalKeyExistsOnlyInTheLocalProfile() {
        assertThat(LocalSigningKey.fromEnvironment(new MockEnvironment())).isNull();
        MockEnvironment local = new MockEnvironment();
        local.setActiveProfiles("local");
        assertThat(LocalSigningKey.fromEnvironment(local)).isNotNull();
    }

    @Test
    void aConfiguredLocalKeyWithoutTheLocalProfileIsRefused() {
        MockEnvironment production = new MockEnvironment()
                .withProperty(LocalSigningKey.PROPERTY, "x".repeat(40));
        assertThatThrownBy(() -> LocalSigningKey.fromEnvironment(production))
                .hasMessageContaining("profile is not active");
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> LocalSigningKey.of("short")).hasMessageContaining("32 bytes");
    }

    @Test
    void mintedTokensCarrySubjectRolesAndExpiryAndVerifyWithTheKey() throws Exception {
        LocalSigningKey key = LocalSigningKey.of(LocalSigningKey.DEFAULT);
        SignedJWT jwt = SignedJWT.parse(key.mint("alice", List.of("customer"), Duration.ofMinutes(5)));
        assertThat(jwt.verify(new MACVerifier(key.secretKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("customer");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isInTheFuture();
        assertThat(jwt.verify(new MACVerifier(LocalSigningKey.of("y".repeat(40)).secretKey()))).isFalse();
    }
}
