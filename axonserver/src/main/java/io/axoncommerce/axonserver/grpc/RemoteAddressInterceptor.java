package io.axoncommerce.axonserver.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Makes the caller's address visible to service code (the platform service shows which host an application
 * connected from); gRPC keeps it in the call's transport attributes, which services cannot see.
 */
public final class RemoteAddressInterceptor implements ServerInterceptor {

    /** Host (address or name) of the caller of the current call, or "" when the transport does not say. */
    public static final Context.Key<String> REMOTE_HOST = Context.keyWithDefault("axonserver-remote-host", "");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        SocketAddress address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String host = address instanceof InetSocketAddress inet ? inet.getHostString()
                : address == null ? "" : address.toString();
        return Contexts.interceptCall(Context.current().withValue(REMOTE_HOST, host), call, headers, next);
    }
}
