package io.axoncommerce.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bearer tokens for the benchmarks' API calls (api-security: every API service validates a JWT; roles
 * {@code customer}, {@code catalog-admin}, {@code admin}; the subject is the caller's id, for a customer the customer
 * id). Tokens are minted once per subject and roles and then reused, so minting costs nothing in a measured phase.
 * Two sources, both for the {@code local} profile only (the launcher runs every service in it):
 * <ul>
 *   <li>{@link #fromGateway}: the gateway's {@code POST /api/local/tokens}, as a developer (and the end-to-end test)
 *       gets them; for benchmarks that start the whole system;</li>
 *   <li>{@link #localKey}: signed here with api-security's documented, non-secret local key
 *       ({@code LocalSigningKey.DEFAULT}), as {@code LocalSigningKey.mint} does; for benchmarks that start single
 *       services without a gateway. (benchmarks does not depend on api-security, hence the few lines of HS256.)</li>
 * </ul>
 */
public final class ApiTokens {

    /** api-security's {@code LocalSigningKey.DEFAULT}: public on purpose, honoured only in the local profile. */
    private static final String LOCAL_SIGNING_KEY = "axon-commerce-LOCAL-development-signing-key-NOT-A-SECRET";
    private static final String LOCAL_ISSUER = "urn:axon-commerce:local";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiFunction<String, List<String>, String> mint;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    private ApiTokens(BiFunction<String, List<String>, String> mint) {
        this.mint = mint;
    }

    /** Tokens from the gateway at {@code baseUrl} ({@code POST /api/local/tokens}, default lifetime 8 hours). */
    public static ApiTokens fromGateway(HttpClient http, String baseUrl) {
        return new ApiTokens((subject, roles) -> {
            try {
                String body = JSON.writeValueAsString(Map.of("subject", subject, "roles", roles));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl
                                + "/api/local/tokens")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("POST /api/local/tokens for " + subject + " answered "
                            + response.statusCode() + " (the gateway mints tokens only in the local profile): "
                            + response.body());
                }
                JsonNode token = JSON.readTree(response.body()).path("accessToken");
                if (!token.isTextual()) {
                    throw new IllegalStateException("No accessToken in " + response.body());
                }
                return token.asText();
            } catch (IOException e) {
                throw new IllegalStateException("Minting a token at " + baseUrl + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** Tokens signed here with the local profile's documented key, valid for a day. */
    public static ApiTokens localKey() {
        return new ApiTokens(ApiTokens::signLocally);
    }

    /** The token of {@code subject} with {@code roles}, minted on first use and cached. */
    public String token(String subject, String... roles) {
        return cache.computeIfAbsent(subject + " " + String.join(",", roles),
                key -> mint.apply(subject, List.of(roles)));
    }

    /** The value of an {@code Authorization} header carrying {@link #token}. */
    public String bearer(String subject, String... roles) {
        return "Bearer " + token(subject, roles);
    }

    private static String signLocally(String subject, List<String> roles) {
        try {
            long now = System.currentTimeMillis() / 1000;
            Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
            String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
                    .getBytes(StandardCharsets.UTF_8));
            String claims = encoder.encodeToString(JSON.writeValueAsBytes(Map.of("sub", subject,
                    "iss", LOCAL_ISSUER, "iat", now, "exp", now + 86_400, "roles", roles)));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(LOCAL_SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = encoder.encodeToString(mac.doFinal((header + "." + claims)
                    .getBytes(StandardCharsets.UTF_8)));
            return header + "." + claims + "." + signature;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign a local token", e);
        }
    }
}
