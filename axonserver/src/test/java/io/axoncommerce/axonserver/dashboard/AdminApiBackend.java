package io.axoncommerce.axonserver.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for an application's admin API: it answers what a test scripted per method and raw
 * path (404 with a problem body otherwise), and records every request as it arrived (raw path, Authorization header),
 * so a test sees exactly what the dashboard relayed.
 */
final class AdminApiBackend implements AutoCloseable {

    record Recorded(String method, String rawPath, String authorization) {
    }

    /** {@code hangUp}: the connection is closed without an answer; {@code delay}: the answer comes that late. */
    record Answer(int status, String contentType, String body, Duration delay, boolean hangUp) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private AdminApiBackend(HttpServer server) {
        this.server = server;
    }

    static AdminApiBackend start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AdminApiBackend backend = new AdminApiBackend(server);
            server.createContext("/", backend::handle);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return backend;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(String method, String rawPath, int status, String json) {
        answers.put(method + " " + rawPath, new Answer(status, "application/json", json, Duration.ZERO, false));
    }

    void answer(String method, String rawPath, Answer answer) {
        answers.put(method + " " + rawPath, answer);
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The requests that arrived after the first {@code skip} ones. */
    List<Recorded> requestsSince(int skip) {
        List<Recorded> all = requests();
        return all.subList(Math.min(skip, all.size()), all.size());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            requests.add(new Recorded(exchange.getRequestMethod(), rawPath,
                                      exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + rawPath, new Answer(404,
                    "application/problem+json", "{\"status\":404,\"detail\":\"Nothing scripted for "
                    + exchange.getRequestMethod() + " " + rawPath + "\"}", Duration.ZERO, false));
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay());
            }
            if (answer.hangUp()) {
                return; // closed without a status line
            }
            byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the dashboard gave up (its time-out): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
