package io.axoncommerce.axonserver.security;

import io.axoncommerce.axonserver.grpc.AxonErrors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Refuses every call whose {@code AxonIQ-Access-Token} metadata is missing or differs from the configured token,
 * the way Axon Server does with {@code axoniq.axonserver.accesscontrol.enabled=true}.
 */
public final class AccessTokenInterceptor implements ServerInterceptor {

    public static final Metadata.Key<String> ACCESS_TOKEN =
            Metadata.Key.of("AxonIQ-Access-Token", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] expected;

    public AccessTokenInterceptor(String token) {
        Objects.requireNonNull(token, "access token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("access control is enabled but no access token is configured");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String presented = headers.get(ACCESS_TOKEN);
        StatusRuntimeException refusal = null;
        if (presented == null) {
            refusal = AxonErrors.AUTHENTICATION_TOKEN_MISSING.asException(
                    Status.UNAUTHENTICATED, "No access token provided (metadata AxonIQ-Access-Token)");
        } else if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            // constant-time comparison: the token is a shared secret
            refusal = AxonErrors.AUTHENTICATION_INVALID_TOKEN.asException(
                    Status.UNAUTHENTICATED, "Invalid access token");
        }
        if (refusal != null) {
            call.close(refusal.getStatus(), refusal.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
