package io.axoncommerce.axonserver.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Answers undecodable messages with {@code INVALID_ARGUMENT}. gRPC parses requests before the service sees them and
 * reports a parse failure as {@code UNKNOWN "Application error processing RPC"}, which tells the client nothing.
 * Here the service takes raw bytes and the parsing happens inside a listener that can close the call clearly and
 * tell the service the call is gone (so streams clean up and a half-sent transaction is never committed).
 */
public final class MalformedMessageGuard implements ServerInterceptor {

    private MalformedMessageGuard() {
    }

    public static ServerServiceDefinition guard(BindableService service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service.bindService()),
                                            new MalformedMessageGuard());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean failed;

            @Override
            public void onMessage(Q message) {
                if (failed) {
                    return;
                }
                try {
                    super.onMessage(message);
                } catch (StatusRuntimeException e) {
                    if (!(e.getCause() instanceof InvalidProtocolBufferException)) {
                        throw e;
                    }
                    failed = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription(
                            "Malformed " + call.getMethodDescriptor().getFullMethodName() + " message: "
                                    + e.getCause().getMessage()), new Metadata());
                    super.onCancel();
                }
            }

            @Override
            public void onHalfClose() {
                if (!failed) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onCancel() {
                if (!failed) {
                    super.onCancel();
                }
            }

            @Override
            public void onComplete() {
                if (!failed) {
                    super.onComplete();
                }
            }

            @Override
            public void onReady() {
                if (!failed) {
                    super.onReady();
                }
            }
        };
    }
}
