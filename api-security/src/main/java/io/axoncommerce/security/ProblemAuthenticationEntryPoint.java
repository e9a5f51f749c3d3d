package io.axoncommerce.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401: no token, or one that is invalid or expired. Spring's bearer entry point sets {@code WWW-Authenticate: Bearer}
 * (with {@code error="invalid_token"} for a bad token, RFC 6750); this adds the problem body it leaves empty.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final SecurityProblems problems;

    ProblemAuthenticationEntryPoint(SecurityProblems problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearer.commence(request, response, e);
        boolean tokenSent = request.getHeader("Authorization") != null;
        problems.write(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", tokenSent
                ? "The bearer token is invalid or expired"
                : "This request needs a bearer token (Authorization: Bearer <JWT>)");
    }
}
