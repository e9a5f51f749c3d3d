package io.axoncommerce.axonserver.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * Refuses state-changing requests that a browser sends on behalf of another site, also when the dashboard is open
 * and nobody logs in: a page the developer visits could otherwise pause, split or release processors through the
 * browser. It reads the browser's own word: {@code Sec-Fetch-Site} (Fetch Metadata), and where a browser does not
 * send that, the {@code Origin} header compared with the request's host. A request with neither comes from no
 * browser (curl, a script) and passes.
 * <p>
 * Written here because Spring Security 6.5 has no Fetch Metadata check, and its CSRF token would also refuse the
 * non-browser clients that use the open dashboard's API without a session.
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** {@code none}: typed in the address bar or opened from a bookmark, which no other site can cause. */
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private final ProblemWriter problems;

    CrossSiteRequestFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @FunctionalInterface
    interface ProblemWriter {
        void forbidden(HttpServletResponse response, String detail) throws IOException;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE_METHODS.contains(request.getMethod()) && crossSite(request)) {
            problems.forbidden(response, "Cross-site request refused: the dashboard takes actions only from its own "
                    + "pages");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean crossSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            return !OWN_SITE.contains(fetchSite);
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String host = request.getHeader("Host");
        try {
            URI from = URI.create(origin);
            return host == null || from.getScheme() == null || !from.getScheme().equals(request.getScheme())
                    || !host.equalsIgnoreCase(from.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return true; // "null" (a sandboxed frame, a file) or garbage: not this dashboard's page
        }
    }
}
