package io.axoncommerce.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 403: the caller is known but lacks the role, or the resource belongs to another customer. The detail is generic
 * for a missing role; an ownership refusal ({@link ApiCaller#requireOwnerOr}) says so, without naming the owner.
 */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final SecurityProblems problems;

    ProblemAccessDeniedHandler(SecurityProblems problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        String detail = e instanceof ApiCaller.NotOwnerException
                ? e.getMessage() : "The caller's roles do not allow this request";
        problems.write(request, response, HttpStatus.FORBIDDEN, "FORBIDDEN", detail);
    }
}
