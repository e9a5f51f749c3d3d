package io.axoncommerce.axonserver.grpc;

import io.grpc.Attributes;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

import java.io.InputStream;
import java.util.List;

/**
 * Answers undecodable requests with {@code INVALID_ARGUMENT}. gRPC parses requests before the service sees them and
 * reports a parse failure as {@code UNKNOWN "Application error processing RPC"}, which tells the client nothing.
 * Here each method takes its requests as raw bytes and parses them in a listener that can close the call clearly and
 * tell the service the call is gone (so streams clean up and a half-sent transaction is never committed).
 * <p>
 * Only the request direction is rewritten: responses keep the method's own marshaller, so they are serialized once
 * straight into the transport (gRPC's {@code ServerInterceptors.useInputStreamMessages} would also turn every
 * response into an intermediate stream, which cost a third of the sending work on {@code ListEvents}).
 */
public final class MalformedMessageGuard {

    private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    };

    private MalformedMessageGuard() {
    }

    public static ServerServiceDefinition guard(BindableService service) {
        ServerServiceDefinition original = service.bindService();
        List<ServerMethodDefinition<InputStream, ?>> methods =
                original.getMethods().stream().<ServerMethodDefinition<InputStream, ?>>map(
                        MalformedMessageGuard::guardMethod).toList();
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(original.getServiceDescriptor().getName())
                                 .setSchemaDescriptor(original.getServiceDescriptor().getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(guarded::addMethod);
        return guarded.build();
    }

    private static <Q, R> ServerMethodDefinition<InputStream, R> guardMethod(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
        MethodDescriptor<InputStream, R> rawRequests = method.toBuilder(RAW, method.getResponseMarshaller()).build();
        return ServerMethodDefinition.create(rawRequests, (call, headers) -> {
            ServerCall.Listener<Q> listener =
                    definition.getServerCallHandler().startCall(new TypedCall<>(call, method), headers);
            return new ParsingListener<>(listener, call, method);
        });
    }

    /** Parses each request with the method's marshaller; a parse failure ends the call with INVALID_ARGUMENT. */
    private static final class ParsingListener<Q, R> extends ServerCall.Listener<InputStream> {
        private final ServerCall.Listener<Q> delegate;
        private final ServerCall<InputStream, R> call;
        private final MethodDescriptor<Q, R> method;
        private boolean failed;

        ParsingListener(ServerCall.Listener<Q> delegate, ServerCall<InputStream, R> call,
                        MethodDescriptor<Q, R> method) {
            this.delegate = delegate;
            this.call = call;
            this.method = method;
        }

        @Override
        public void onMessage(InputStream message) {
            if (failed) {
                return;
            }
            Q request;
            try {
                request = method.parseRequest(message);
            } catch (RuntimeException e) {
                failed = true;
                Throwable reason = e.getCause() != null ? e.getCause() : e;
                call.close(Status.INVALID_ARGUMENT.withDescription(
                        "Malformed " + method.getFullMethodName() + " message: " + reason.getMessage()),
                           new Metadata());
                delegate.onCancel();
                return;
            }
            delegate.onMessage(request);
        }

        @Override
        public void onHalfClose() {
            if (!failed) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            if (!failed) {
                delegate.onCancel();
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                delegate.onComplete();
            }
        }

        @Override
        public void onReady() {
            if (!failed) {
                delegate.onReady();
            }
        }
    }

    /** The call as the service sees it: typed requests, the method's own descriptor; responses pass unchanged. */
    private static final class TypedCall<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<InputStream, R> call;
        private final MethodDescriptor<Q, R> method;

        TypedCall(ServerCall<InputStream, R> call, MethodDescriptor<Q, R> method) {
            this.call = call;
            this.method = method;
        }

        @Override
        public void request(int numMessages) {
            call.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            call.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            call.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            call.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            call.setOnReadyThreshold(numBytes);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return call.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }
}
