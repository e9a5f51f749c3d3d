package io.axoncommerce.axonserver.query;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryProviderOutbound;
import io.axoniq.axonserver.grpc.query.QueryServiceGrpc;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the query messages crossing the server's gRPC boundary, both ways, with their serialized size: what the
 * server receives and sends is the traffic a query costs, whatever the applications do with it afterwards.
 */
public final class QueryTraffic implements ServerInterceptor {

    public enum Kind {
        /** {@code Query} calls from dispatching applications. */
        QUERY_FROM_CALLER,
        /** {@code QueryResponse}s the server sends on {@code Query} calls. */
        RESPONSE_TO_CALLER,
        QUERY_TO_HANDLER,
        FLOW_CONTROL_TO_HANDLER,
        CANCEL_TO_HANDLER,
        RESPONSE_FROM_HANDLER,
        COMPLETE_FROM_HANDLER
    }

    private final Map<Kind, LongAdder> messages = new EnumMap<>(Kind.class);
    private final Map<Kind, LongAdder> bytes = new EnumMap<>(Kind.class);
    /** Responses received from handlers and not yet written to their callers, now and at most. */
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peakHeld = new AtomicLong();

    public QueryTraffic() {
        for (Kind kind : Kind.values()) {
            messages.put(kind, new LongAdder());
            bytes.put(kind, new LongAdder());
        }
    }

    public long messages(Kind kind) {
        return messages.get(kind).sum();
    }

    public long bytes(Kind kind) {
        return bytes.get(kind).sum();
    }

    /** The most query responses the server held at once (received from a handler, not yet sent to the caller). */
    public long peakHeld() {
        return peakHeld.get();
    }

    public void reset() {
        messages.values().forEach(LongAdder::reset);
        bytes.values().forEach(LongAdder::reset);
        held.set(0);
        peakHeld.set(0);
    }

    private void count(Kind kind, Object message) {
        count(kind, ((MessageLite) message).getSerializedSize());
    }

    private void count(Kind kind, int size) {
        if (kind != null) {
            messages.get(kind).increment();
            bytes.get(kind).add(size);
        }
        if (kind == Kind.RESPONSE_FROM_HANDLER) {
            peakHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
        } else if (kind == Kind.RESPONSE_TO_CALLER) {
            held.decrementAndGet();
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static QueryProviderOutbound parse(byte[] data) {
        try {
            return QueryProviderOutbound.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            return QueryProviderOutbound.getDefaultInstance(); // the server itself answers what it cannot parse
        }
    }

    private static Kind toHandler(Object message) {
        return switch (((QueryProviderInbound) message).getRequestCase()) {
            case QUERY -> Kind.QUERY_TO_HANDLER;
            case QUERY_FLOW_CONTROL -> Kind.FLOW_CONTROL_TO_HANDLER;
            case QUERY_CANCEL -> Kind.CANCEL_TO_HANDLER;
            default -> null;
        };
    }

    private static Kind fromHandler(QueryProviderOutbound message) {
        return switch (message.getRequestCase()) {
            case QUERY_RESPONSE -> Kind.RESPONSE_FROM_HANDLER;
            case QUERY_COMPLETE -> Kind.COMPLETE_FROM_HANDLER;
            default -> null;
        };
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        boolean query = method.equals(QueryServiceGrpc.getQueryMethod().getFullMethodName());
        boolean handlerStream = method.equals(QueryServiceGrpc.getOpenStreamMethod().getFullMethodName());
        if (!query && !handlerStream) {
            return next.startCall(call, headers);
        }
        ServerCall<Q, R> counting = new SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                count(query ? Kind.RESPONSE_TO_CALLER : toHandler(message), message);
                super.sendMessage(message);
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(counting, headers)) {
            @Override
            @SuppressWarnings("unchecked")
            public void onMessage(Q message) {
                // the server parses requests itself (MalformedMessageGuard): here they are still raw bytes
                byte[] data = readAll((InputStream) message);
                if (query) {
                    count(Kind.QUERY_FROM_CALLER, data.length);
                } else {
                    QueryProviderOutbound parsed = parse(data);
                    count(fromHandler(parsed), data.length);
                }
                super.onMessage((Q) new ByteArrayInputStream(data));
            }
        };
    }
}
