package io.axoncommerce.security;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-client rate limits (Resilience4j {@link RateLimiter}, one per client and rule). The client is the token's
 * subject, else the remote address (behind the gateway that is the forwarded client address where
 * {@code server.forward-headers-strategy=native} trusts the proxy). Runs after authorization, so refused requests do
 * not use up a client's allowance. The limiters live in a size-bounded Caffeine cache, evicting the least recently
 * used, so many distinct clients cannot grow memory without bound; an evicted client simply starts afresh.
 */
final class ClientRateLimitFilter extends OncePerRequestFilter {

    private record Rule(String name, RequestMatcher matcher, RateLimiterConfig config) {
    }

    private final List<Rule> rules;
    private final Cache<String, RateLimiter> limiters;
    private final SecurityProblems problems;

    ClientRateLimitFilter(Map<String, ApiSecurityProperties.RateLimit> limits, int maxClients,
                          SecurityProblems problems) {
        this.rules = limits.entrySet().stream().map(e -> new Rule(e.getKey(),
                        AntPathRequestMatcher.antMatcher(HttpMethod.valueOf(e.getValue().method()), e.getValue().path()),
                        RateLimiterConfig.custom().limitForPeriod(e.getValue().limitForPeriod())
                                .limitRefreshPeriod(e.getValue().refreshPeriod())
                                // never queue a request: over the limit is answered at once
                                .timeoutDuration(Duration.ZERO).build()))
                .toList();
        this.limiters = Caffeine.newBuilder().maximumSize(maxClients).expireAfterAccess(Duration.ofMinutes(10)).build();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return rules.isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Rule rule : rules) {
            if (!rule.matcher().matches(request)) {
                continue;
            }
            String client = client(request);
            RateLimiter limiter = limiters.get(rule.name() + "|" + client, key -> RateLimiter.of(key, rule.config()));
            if (!limiter.acquirePermission()) {
                long waitNanos = limiter instanceof AtomicRateLimiter atomic
                        ? atomic.getDetailedMetrics().getNanosToWait() : rule.config().getLimitRefreshPeriod().toNanos();
                long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                response.setHeader("Retry-After", Long.toString(seconds));
                problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS",
                        "More than " + rule.config().getLimitForPeriod() + " requests per "
                                + rule.config().getLimitRefreshPeriod().toMillis() + " ms (" + rule.name()
                                + "); retry after " + seconds + " s");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String client(HttpServletRequest request) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken)) {
            return "sub:" + caller.getName();
        }
        return "ip:" + request.getRemoteAddr();
    }
}
