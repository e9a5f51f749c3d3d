package io.axoncommerce.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The system's HTTP API through the gateway, as a client sees it. Requests carry the token of {@link #operator} (roles
 * admin and catalog-admin: products, stock, any order, inventory, replays) unless they name another caller; tokens
 * come from the gateway's local-profile endpoint {@code POST /api/local/tokens}, as a developer gets them.
 */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** The operator's token, sent when a request names no caller. */
    final String operator;

    Api(String baseUrl) {
        this.baseUrl = baseUrl;
        this.operator = token("e2e-operator", "admin", "catalog-admin");
    }

    /** A token of the local profile for {@code subject} with {@code roles} (minted once per subject and roles). */
    String token(String subject, String... roles) {
        return tokens.computeIfAbsent(subject + " " + String.join(",", roles), key -> {
            StringBuilder json = new StringBuilder("{\"subject\":\"" + subject + "\",\"roles\":[");
            for (int i = 0; i < roles.length; i++) {
                json.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
            }
            json.append("]}");
            Response minted = send(HttpRequest.newBuilder(uri("/api/local/tokens"))
                    .POST(HttpRequest.BodyPublishers.ofString(json.toString())), null);
            return ok(minted, "token for " + subject).path("accessToken").asText();
        });
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    Response get(String path) {
        return get(path, operator);
    }

    /** As the caller of {@code token}; null = anonymous. */
    Response get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    Response post(String path, String json) {
        return post(path, json, operator);
    }

    Response post(String path, String json, String token) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    /** With extra headers, e.g. {@code Idempotency-Key}. */
    Response post(String path, String json, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request, token);
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(json)), operator);
    }

    /** A request that must succeed with a 2xx answer. */
    JsonNode ok(Response response, String what) {
        if (response.status() / 100 != 2) {
            throw new AssertionError(what + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /** Streams an SSE response to its end (the order updates stream ends at the final status). */
    String stream(String path, String token, Duration timeout) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path)).timeout(timeout)
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + "\n" + response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a GET until its JSON satisfies {@code until}; fails with the last answer after {@code timeout}. */
    JsonNode await(String path, Predicate<JsonNode> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last.status() == 200 && until.test(last.json())) {
                return last.json();
            }
            sleep(200);
        }
        throw new AssertionError("GET " + path + " did not reach the expected state within " + timeout.toSeconds()
                + " s; last answer " + (last == null ? "none" : last.status() + " " + last.body()));
    }

    /** A query-side processor running on every segment, past any replay, at the head of the event store. */
    JsonNode awaitCaughtUp(String processor, Duration timeout) {
        return await("/api/admin/processors/" + processor, p -> p.path("status").asText().equals("RUNNING")
                && !p.path("replaying").asBoolean() && p.path("lag").asLong() == 0
                && p.path("claimedSegments").asInt() == p.path("segments").asInt(), timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Response send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Request to " + baseUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
