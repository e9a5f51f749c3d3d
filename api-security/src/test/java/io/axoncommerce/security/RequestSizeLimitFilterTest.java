package io.axoncommerce.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestSizeLimitFilterTest {

    private static final int LIMIT = 64;

    private final RequestSizeLimitFilter filter =
            new RequestSizeLimitFilter(LIMIT, new SecurityProblems(new ObjectMapper()));

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeAnythingReadsIt() throws Exception {
        MockHttpServletRequest request = post("x".repeat(LIMIT + 1));
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = filter(request, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(chain.getRequest()).as("handed on").isNull();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        MockHttpServletRequest request = chunked("x".repeat(LIMIT + 1));
        MockFilterChain chain = new MockFilterChain();

        assertThat(filter(request, chain).getStatus()).isEqualTo(413);
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheHandlerWhole() throws Exception {
        String json = "{\"quantity\":" + "1".repeat(LIMIT - 13) + "}";
        MockFilterChain chain = new MockFilterChain();

        assertThat(filter(chunked(json), chain).getStatus()).isEqualTo(200);
        HttpServletRequest handed = (HttpServletRequest) chain.getRequest();
        assertThat(new String(handed.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(handed.getContentLengthLong()).isEqualTo(json.length());
    }

    private MockHttpServletResponse filter(MockHttpServletRequest request, MockFilterChain chain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    private static MockHttpServletRequest post(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/products");
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    /** A body sent without Content-Length, as a chunked request arrives. */
    private static MockHttpServletRequest chunked(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/products") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContentType("application/json");
        request.addHeader("Transfer-Encoding", "chunked");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
