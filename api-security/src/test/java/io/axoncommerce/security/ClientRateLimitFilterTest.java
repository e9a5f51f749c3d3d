package io.axoncommerce.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

class ClientRateLimitFilterTest {

    private final ClientRateLimitFilter filter = new ClientRateLimitFilter(
            Map.of("search", new ApiSecurityProperties.RateLimit("GET", "/api/products", 2, Duration.ofSeconds(30))),
            100, new SecurityProblems(new ObjectMapper()));

    @AfterEach
    void clearCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void overTheLimitAClientGets429WithRetryAfterWhileOthersPass() throws Exception {
        assertThat(search("alice").getStatus()).isEqualTo(200);
        assertThat(search("alice").getStatus()).isEqualTo(200);
        MockHttpServletResponse limited = search("alice");
        assertThat(limited.getStatus()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 30);
        assertThat(limited.getContentType()).isEqualTo("application/problem+json");
        assertThat(limited.getContentAsString()).contains("\"code\":\"TOO_MANY_REQUESTS\"");

        assertThat(search("bob").getStatus()).isEqualTo(200);
        assertThat(search(null).getStatus()).as("anonymous: by address").isEqualTo(200);
    }

    @Test
    void otherPathsAndMethodsAreNotLimited() throws Exception {
        for (int i = 0; i < 5; i++) {
            MockHttpServletRequest product = new MockHttpServletRequest("GET", "/api/products/p-1");
            product.setServletPath("/api/products/p-1");
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(product, response, new MockFilterChain());
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    private MockHttpServletResponse search(String subject) throws Exception {
        SecurityContextHolder.clearContext();
        if (subject != null) {
            TestingAuthenticationToken caller = new TestingAuthenticationToken(subject, null, List.of());
            caller.setAuthenticated(true);
            SecurityContextHolder.getContext().setAuthentication(caller);
        }
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/products");
        request.setServletPath("/api/products"); // as under the DispatcherServlet mapped to "/"
        request.setRemoteAddr("10.0.0.1");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
