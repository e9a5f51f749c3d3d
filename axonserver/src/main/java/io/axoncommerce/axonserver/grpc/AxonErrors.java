package io.axoncommerce.axonserver.grpc;

import io.axoniq.axonserver.grpc.ErrorMessage;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The error codes this server hands to clients. Axon Framework turns these codes into its own exceptions (see
 * {@code org.axonframework.axonserver.connector.ErrorCode}), so the choice of code decides what an application sees.
 */
public enum AxonErrors {

    AUTHENTICATION_TOKEN_MISSING("AXONIQ-1000"),
    AUTHENTICATION_INVALID_TOKEN("AXONIQ-1001"),
    UNSUPPORTED_INSTRUCTION("AXONIQ-1002"),
    INSTRUCTION_EXECUTION_ERROR("AXONIQ-1004"),
    /** An append that does not continue an aggregate's stream; Axon maps it to {@code ConcurrencyException}. */
    INVALID_EVENT_SEQUENCE("AXONIQ-2000"),
    NO_HANDLER_FOR_COMMAND("AXONIQ-4000"),
    COMMAND_EXECUTION_ERROR("AXONIQ-4002"),
    COMMAND_DISPATCH_ERROR("AXONIQ-4003"),
    CONCURRENCY_EXCEPTION("AXONIQ-4004"),
    COMMAND_EXECUTION_NON_TRANSIENT_ERROR("AXONIQ-4005"),
    NO_HANDLER_FOR_QUERY("AXONIQ-5000"),
    QUERY_DISPATCH_ERROR("AXONIQ-5002"),
    DATAFILE_WRITE_ERROR("AXONIQ-9100"),
    VALIDATION_FAILED("AXONIQ-9200"),
    OTHER("AXONIQ-0001");

    /** Trailer the Axon client reads the error code from ({@code GrpcExceptionParser}). */
    public static final Metadata.Key<String> ERROR_CODE_KEY =
            Metadata.Key.of("AxonIQ-ErrorCode", Metadata.ASCII_STRING_MARSHALLER);

    private final String code;

    AxonErrors(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** A gRPC error carrying this code both in the description and in the {@code AxonIQ-ErrorCode} trailer. */
    public StatusRuntimeException asException(Status status, String message) {
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE_KEY, code);
        return status.withDescription("[" + code + "] " + message).asRuntimeException(trailers);
    }

    public ErrorMessage asErrorMessage(String message, String location) {
        return ErrorMessage.newBuilder()
                           .setErrorCode(code)
                           .setMessage(message)
                           .setLocation(location)
                           .addDetails(message)
                           .build();
    }
}
