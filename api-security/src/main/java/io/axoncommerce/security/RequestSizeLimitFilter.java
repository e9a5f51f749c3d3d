package io.axoncommerce.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 413 for a request body declared larger than the limit, before anything reads it (and before authentication: it
 * costs nothing to refuse). A chunked body without a length is cut by the JSON limits instead: it can only be a
 * command, and {@code axon-commerce.security.max-json-string-length} and depth bound what it can hold.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final SecurityProblems problems;

    RequestSizeLimitFilter(long maxBytes, SecurityProblems problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            // the client may still be sending: do not keep the connection for the rest of its body
            response.setHeader("Connection", "close");
            problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "The request body is larger than " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(request, response);
    }
}
