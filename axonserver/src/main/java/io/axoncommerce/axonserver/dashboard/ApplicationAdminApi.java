package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The applications' own admin APIs, called server-side: the browser talks to the dashboard only, which keeps its login
 * or loopback rule and its cross-site protection, and the credentials ({@code admin-api.token}) never reach a page.
 * <p>
 * What an application answers is read into the records below, which are the contract the dashboard documents (see
 * the module README): a status with {@code replaying}, {@code progress} and {@code replay}, and the dead-letter
 * resource of Axon's sequenced dead-letter queue. Failures come back as {@link ApiException}s: the application's own
 * refusal (400, 404, 409) with its detail, everything else as 502 or 504, so that a page never mistakes the
 * application's 401 for its own login having expired.
 */
class ApplicationAdminApi {

    /** A component's configured URLs. */
    record Endpoints(String statusUrl, String deadLettersUrl) {
    }

    /** A processor's status as an application's admin API answers it; other fields are ignored. */
    record Status(Boolean replaying, Double progress, Replay replay) {
    }

    /**
     * The replay in progress: from the event after {@code fromPosition} up to {@code toPosition} (the head when it
     * started); {@code etaSeconds} is null until the first events are done.
     */
    record Replay(Instant from, Long fromPosition, Long toPosition, Instant startedAt, Long etaSeconds) {
    }

    /** A parked event; {@code event} (the payload) only where the application lists it, {@code error} null behind
     *  the first letter of its sequence. */
    record Letter(String messageId, String eventType, JsonNode event, String aggregateId, Long aggregateSequence,
                  Instant eventTimestamp, String errorType, String error, long attempts, Instant enqueuedAt,
                  Instant lastTouched) {
    }

    /** The parked events of one sequence (an aggregate), in the order a retry applies them. */
    record Sequence(String sequence, List<Letter> letters) {
    }

    /** What a retry did: sequences tried, those processed to the end, letters still parked. */
    record RetryResult(int sequences, int processed, long parked) {
    }

    private static final Set<HttpStatus> PASSED_ON = Set.of(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND,
                                                            HttpStatus.CONFLICT);

    private final Map<String, Endpoints> components;
    private final RestClient client;
    private final ObjectMapper objectMapper;

    ApplicationAdminApi(DashboardProperties.AdminApi properties, RestClient.Builder builder,
                        ObjectMapper objectMapper) {
        this.components = properties.getComponents().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new Endpoints(template(e.getKey(), "status-url", e.getValue().getStatusUrl()),
                        template(e.getKey(), "dead-letters-url", e.getValue().getDeadLettersUrl()))));
        if (properties.getTimeout() == null || properties.getTimeout().isNegative()
                || properties.getTimeout().isZero()) {
            throw new IllegalStateException("axoniq.axonserver.dashboard.admin-api.timeout must be positive");
        }
        // redirects are not followed: the token is for the configured URL only. HTTP/1.1: the JDK client would try
        // an h2c upgrade on every plain-HTTP request, which the services' Tomcat does not offer
        ClientHttpRequestFactorySettings settings = ClientHttpRequestFactorySettings.defaults()
                .withTimeouts(properties.getTimeout(), properties.getTimeout())
                .withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        builder.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                                       .withHttpClientCustomizer(http -> http.version(HttpClient.Version.HTTP_1_1))
                                       .build(settings))
               .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE,
                              MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (properties.getToken() != null && !properties.getToken().isBlank()) {
            builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.getToken().strip());
        }
        this.client = builder.build();
        this.objectMapper = objectMapper;
    }

    /** An absolute http(s) URI template whose only variable is {@code {processor}}; null when not configured. */
    private static String template(String component, String name, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String property = "axoniq.axonserver.dashboard.admin-api.components." + component + "." + name;
        String withoutVariable = url.strip().replace("{processor}", "p");
        try {
            var uri = UriComponentsBuilder.fromUriString(withoutVariable).build().toUri();
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || withoutVariable.contains("{") || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("not an absolute http(s) URL without query");
            }
        } catch (RuntimeException e) { // unparsable (IllegalArgument) or no URI (IllegalState)
            throw new IllegalStateException(property + " must be an absolute http(s) URL whose only variable is "
                                                    + "{processor}, but is '" + url + "'", e);
        }
        return url.strip().replaceAll("/+$", "");
    }

    /** The configured URLs of {@code component}, or null. */
    Endpoints endpoints(String component) {
        return components.get(component);
    }

    boolean isConfigured() {
        return !components.isEmpty();
    }

    Status status(String component, String processor) {
        String url = required(component, endpoints(component) == null ? null : endpoints(component).statusUrl(),
                              "status");
        Status status = call(component, () -> client.get().uri(url, Map.of("processor", processor))
                .retrieve().onStatus(HttpStatusCode::isError, (request, response) -> refused(component, response))
                .body(Status.class));
        if (status == null || status.replaying() == null || status.progress() == null) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "The admin API of " + component + " answered a status "
                    + "without replaying and progress");
        }
        return status;
    }

    List<Sequence> deadLetters(String component, String processor) {
        String url = deadLettersUrl(component);
        List<Sequence> sequences = call(component, () -> client.get().uri(url, Map.of("processor", processor))
                .retrieve().onStatus(HttpStatusCode::isError, (request, response) -> refused(component, response))
                .body(new ParameterizedTypeReference<List<Sequence>>() {
                }));
        if (sequences == null) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "The admin API of " + component + " answered no list");
        }
        return sequences;
    }

    RetryResult retryAll(String component, String processor) {
        return retryResult(component, deadLettersUrl(component) + "/retry", Map.of("processor", processor));
    }

    RetryResult retry(String component, String processor, String messageId) {
        return retryResult(component, deadLettersUrl(component) + "/{messageId}/retry",
                           Map.of("processor", processor, "messageId", messageId));
    }

    void evict(String component, String processor, String messageId) {
        String url = deadLettersUrl(component) + "/{messageId}";
        call(component, () -> client.delete().uri(url, Map.of("processor", processor, "messageId", messageId))
                .retrieve().onStatus(HttpStatusCode::isError, (request, response) -> refused(component, response))
                .toBodilessEntity());
    }

    private RetryResult retryResult(String component, String url, Map<String, String> variables) {
        RetryResult result = call(component, () -> client.post().uri(url, variables)
                .retrieve().onStatus(HttpStatusCode::isError, (request, response) -> refused(component, response))
                .body(RetryResult.class));
        if (result == null) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "The admin API of " + component + " answered no result");
        }
        return result;
    }

    private String deadLettersUrl(String component) {
        return required(component, endpoints(component) == null ? null : endpoints(component).deadLettersUrl(),
                        "dead letters");
    }

    private String required(String component, String url, String what) {
        if (url == null) {
            throw ApiException.notFound("No admin API for the " + what + " of component '" + component
                    + "' is configured (axoniq.axonserver.dashboard.admin-api.components." + component + ".*)");
        }
        return url;
    }

    /** Runs a call; the connection's failures and unreadable answers become 504 / 502. */
    private <T> T call(String component, Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceAccessException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new ApiException(HttpStatus.GATEWAY_TIMEOUT, "The admin API of " + component
                        + " did not answer in time");
            }
            throw new ApiException(HttpStatus.BAD_GATEWAY, "The admin API of " + component + " cannot be reached: "
                    + e.getMostSpecificCause());
        } catch (RestClientException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "The admin API of " + component
                    + " answered something unreadable: " + e.getMostSpecificCause().getMessage());
        }
    }

    /**
     * An error answer: the application's refusal of the request itself is passed on; its refusal of the dashboard
     * (401, 403) is a configuration fault of the dashboard, so is every other answer: 502.
     */
    private void refused(String component, ClientHttpResponse response) throws IOException {
        HttpStatusCode status = response.getStatusCode();
        String detail = detail(response);
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known != null && PASSED_ON.contains(known)) {
            throw new ApiException(known, component + ": " + detail);
        }
        if (status.value() == 401 || status.value() == 403) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "The admin API of " + component + " refused the dashboard ("
                    + status.value() + "): check axoniq.axonserver.dashboard.admin-api.token. " + detail);
        }
        throw new ApiException(HttpStatus.BAD_GATEWAY, "The admin API of " + component + " answered "
                + status.value() + ": " + detail);
    }

    /** The {@code detail} of a problem body, else the start of the body, else the status text. */
    private String detail(ClientHttpResponse response) throws IOException {
        byte[] body = response.getBody().readNBytes(4096);
        try {
            JsonNode json = objectMapper.readTree(body);
            if (json != null && json.path("detail").isTextual()) {
                return json.path("detail").asText();
            }
        } catch (IOException e) {
            // not JSON: the text below
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? response.getStatusText() : text.substring(0, Math.min(300, text.length()));
    }
}
