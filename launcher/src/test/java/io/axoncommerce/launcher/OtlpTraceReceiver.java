package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf): the services' OTLP exporters send their
 * spans here, as they would to Jaeger or an OpenTelemetry collector. The service JVMs are separate processes, so an
 * in-memory exporter cannot see their spans; the real exporter and wire format are what this test goes through.
 * <p>
 * Decodes only what the tests look at: each span's trace id, span id, parent span id, name, kind, string attributes,
 * instrumentation scope and the resource's {@code service.name}. The protobuf wire format is read by hand (field
 * numbers from opentelemetry-proto's trace.proto, common.proto, resource.proto), so no generated classes are needed.
 */
final class OtlpTraceReceiver implements AutoCloseable {

    record Span(String service, String scope, String traceId, String spanId, String parentSpanId, String name,
                int kind, Map<String, String> attributes) {
        boolean isRoot() {
            return parentSpanId.isEmpty();
        }
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    OtlpTraceReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                InputStream body = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                }
                spans.addAll(decodeRequest(body.readAllBytes()));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0); // an empty ExportTraceServiceResponse: all accepted
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            }
        });
        server.start();
    }

    /** Where exporters send: {@code http://127.0.0.1:<port>/v1/traces}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<Span> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- protobuf wire format ------------------------------------------------------------------------------------

    static List<Span> decodeRequest(byte[] request) {
        List<Span> result = new ArrayList<>();
        Reader r = new Reader(request);
        while (r.more()) {
            int field = r.tag();
            if (field == 1) { // ResourceSpans resource_spans
                decodeResourceSpans(r.bytes(), result);
            } else {
                r.skip();
            }
        }
        return result;
    }

    private static void decodeResourceSpans(byte[] bytes, List<Span> result) {
        Reader r = new Reader(bytes);
        String service = "";
        List<byte[]> scopeSpans = new ArrayList<>();
        while (r.more()) {
            int field = r.tag();
            if (field == 1) { // Resource resource
                service = attributes(new Reader(r.bytes()), 1).getOrDefault("service.name", "");
            } else if (field == 2) { // ScopeSpans scope_spans
                scopeSpans.add(r.bytes());
            } else {
                r.skip();
            }
        }
        for (byte[] scope : scopeSpans) {
            decodeScopeSpans(service, scope, result);
        }
    }

    private static void decodeScopeSpans(String service, byte[] bytes, List<Span> result) {
        Reader r = new Reader(bytes);
        String scope = "";
        List<byte[]> spans = new ArrayList<>();
        while (r.more()) {
            int field = r.tag();
            if (field == 1) { // InstrumentationScope scope
                Reader s = new Reader(r.bytes());
                while (s.more()) {
                    if (s.tag() == 1) {
                        scope = s.string();
                    } else {
                        s.skip();
                    }
                }
            } else if (field == 2) { // Span spans
                spans.add(r.bytes());
            } else {
                r.skip();
            }
        }
        for (byte[] span : spans) {
            result.add(decodeSpan(service, scope, span));
        }
    }

    private static Span decodeSpan(String service, String scope, byte[] bytes) {
        Reader r = new Reader(bytes);
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        while (r.more()) {
            int field = r.tag();
            switch (field) {
                case 1 -> traceId = HexFormat.of().formatHex(r.bytes());
                case 2 -> spanId = HexFormat.of().formatHex(r.bytes());
                case 4 -> parent = HexFormat.of().formatHex(r.bytes());
                case 5 -> name = r.string();
                case 6 -> kind = (int) r.varint();
                case 9 -> attributes.putAll(keyValue(new Reader(r.bytes())));
                default -> r.skip();
            }
        }
        return new Span(service, scope, traceId, spanId, parent, name, kind, attributes);
    }

    /** The repeated KeyValue field {@code field} of a message, string values only. */
    private static Map<String, String> attributes(Reader r, int field) {
        Map<String, String> result = new LinkedHashMap<>();
        while (r.more()) {
            if (r.tag() == field) {
                result.putAll(keyValue(new Reader(r.bytes())));
            } else {
                r.skip();
            }
        }
        return result;
    }

    private static Map<String, String> keyValue(Reader r) {
        String key = null;
        String value = null;
        while (r.more()) {
            int field = r.tag();
            if (field == 1) {
                key = r.string();
            } else if (field == 2) { // AnyValue: string_value = 1
                Reader v = new Reader(r.bytes());
                while (v.more()) {
                    if (v.tag() == 1) {
                        value = v.string();
                    } else {
                        v.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
        return key == null || value == null ? Map.of() : Map.of(key, value);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;
        private int wireType;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean more() {
            return position < bytes.length;
        }

        int tag() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) {
                    throw new IllegalArgumentException("truncated varint");
                }
                int b = bytes[position++] & 0xff;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        byte[] bytes() {
            int length = (int) varint();
            return Arrays.copyOfRange(bytes, position, advance(length));
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> bytes();
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }

        private int advance(int length) {
            if (length < 0 || position + length > bytes.length) {
                throw new IllegalArgumentException("truncated field");
            }
            position += length;
            return position;
        }
    }
}
