package io.axoncommerce.axonserver.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * This server hosts a single context, {@value #DEFAULT_CONTEXT}. Axon clients name the context of every call in the
 * {@code AxonIQ-Context} metadata; a call for any other context is refused instead of silently mixing contexts.
 */
public final class ContextInterceptor implements ServerInterceptor {

    public static final String DEFAULT_CONTEXT = "default";
    public static final Metadata.Key<String> CONTEXT =
            Metadata.Key.of("AxonIQ-Context", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String context = headers.get(CONTEXT);
        if (context != null && !context.isEmpty() && !DEFAULT_CONTEXT.equals(context)) {
            StatusRuntimeException refusal = AxonErrors.OTHER.asException(
                    Status.NOT_FOUND,
                    "Context '" + context + "' does not exist: this server only serves the context '"
                            + DEFAULT_CONTEXT + "'");
            call.close(refusal.getStatus(), refusal.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
