package io.axoncommerce.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.axoncommerce.security.LocalSigningKey;
import io.axoncommerce.support.problem.Problems;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/local/tokens} {@code {"subject": "alice", "roles": ["customer"]}}: a token signed with the local
 * profile's documented key ({@link LocalSigningKey}), for trying the embedded default without an identity provider.
 * It exists only while the {@code local} profile is active (404 otherwise), and a configured local key without that
 * profile stops the gateway at start, so a production gateway cannot hand out tokens. Production clients get their
 * tokens from the real issuer.
 */
@RestController
public class LocalTokenController {

    private static final Set<String> ROLES = Set.of("customer", "catalog-admin", "admin");
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final Duration DEFAULT_TTL = Duration.ofHours(8);
    private static final Duration MAX_TTL = Duration.ofHours(24);

    private final LocalSigningKey key;

    public LocalTokenController(Environment environment) {
        this.key = LocalSigningKey.fromEnvironment(environment);
    }

    /** @param expiresInSeconds optional, at most a day (default 8 hours: a working day of trying things out) */
    public record TokenRequest(String subject, List<String> roles, Long expiresInSeconds) {
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String subject,
                                List<String> roles) {
    }

    @PostMapping("/api/local/tokens")
    public ResponseEntity<?> mint(@RequestBody(required = false) TokenRequest request) {
        if (key == null) {
            return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "Local tokens exist only in the local profile");
        }
        if (request == null || request.subject() == null || !SUBJECT.matcher(request.subject()).matches()) {
            return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST",
                    "subject must be 1 to 100 letters, digits or . _ @ -");
        }
        List<String> roles = request.roles() == null ? List.of() : List.copyOf(request.roles());
        if (!ROLES.containsAll(roles)) {
            return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "roles must be among " + ROLES.stream().sorted()
                    .toList());
        }
        Duration ttl = request.expiresInSeconds() == null ? DEFAULT_TTL : Duration.ofSeconds(request.expiresInSeconds());
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "expiresInSeconds must be 1 to 86400");
        }
        return ResponseEntity.ok(new TokenResponse(key.mint(request.subject(), roles, ttl), "Bearer",
                ttl.toSeconds(), request.subject(), roles));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail) {
        return ResponseEntity.status(status).body(Problems.problem(status, code, detail));
    }
}
