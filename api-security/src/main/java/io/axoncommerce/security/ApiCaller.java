package io.axoncommerce.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * Helpers for controllers that decide by who calls: the caller's id is the token's subject ({@code sub}), never a
 * value from the request.
 */
public final class ApiCaller {

    private ApiCaller() {
    }

    public static boolean hasRole(Authentication caller, String role) {
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
    }

    /**
     * Passes when the caller is {@code owner} or has one of {@code privilegedRoles}; otherwise a 403 problem (the
     * shared access denied handler answers it). An {@link AccessDeniedException} thrown from a controller reaches
     * Spring Security's exception translation as long as no advice catches it.
     */
    public static void requireOwnerOr(Authentication caller, String owner, String what, String... privilegedRoles) {
        for (String role : privilegedRoles) {
            if (hasRole(caller, role)) {
                return;
            }
        }
        if (caller == null || owner == null || !owner.equals(caller.getName())) {
            throw new NotOwnerException(what + " belongs to another customer");
        }
    }

    /** A refusal whose detail may be shown: it names the caller's own request, not who owns the resource. */
    static final class NotOwnerException extends AccessDeniedException {
        NotOwnerException(String message) {
            super(message);
        }
    }
}
