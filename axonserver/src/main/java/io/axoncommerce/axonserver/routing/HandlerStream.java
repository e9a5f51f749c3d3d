package io.axoncommerce.axonserver.routing;

import io.axoncommerce.axonserver.grpc.AxonErrors;
import io.axoncommerce.axonserver.grpc.OutboundStream;
import io.axoncommerce.axonserver.grpc.Permits;
import io.axoniq.axonserver.grpc.InstructionAck;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One application's handler stream ({@code OpenStream} of the command or the query service): commands or queries
 * go down it within the permits the application grants, answers and instructions come up it. It is named by the
 * client id of its first subscription.
 *
 * @param <T> what the server sends down the stream
 */
public final class HandlerStream<T> {

    private final OutboundStream<T> outbound;
    private volatile String clientId = "";

    private HandlerStream(OutboundStream<T> outbound) {
        this.outbound = outbound;
    }

    /**
     * Opens a handler stream on an {@code OpenStream} call: each message of the application goes to
     * {@code handle}; the end of the call, however it ends (cancel, error, half-close), to {@code disconnected}.
     */
    public static <T, M> StreamObserver<M> open(StreamObserver<T> observer, BiConsumer<HandlerStream<T>, M> handle,
                                                Consumer<HandlerStream<T>> disconnected) {
        HandlerStream<T> stream = new HandlerStream<>(new OutboundStream<>(observer));
        stream.outbound.onCancel(() -> disconnected.accept(stream));
        return new StreamObserver<>() {
            @Override
            public void onNext(M message) {
                handle.accept(stream, message);
            }

            @Override
            public void onError(Throwable t) {
                disconnected.accept(stream);
            }

            @Override
            public void onCompleted() {
                disconnected.accept(stream);
                stream.outbound.complete();
            }
        };
    }

    public OutboundStream<T> outbound() {
        return outbound;
    }

    public String clientId() {
        return clientId;
    }

    public void identify(String clientId) {
        this.clientId = clientId;
    }

    /**
     * Adds the permits the application granted. Negative or huge ones end the stream with {@code INVALID_ARGUMENT},
     * after {@code disconnected} let go of what the stream was serving; then this returns false.
     */
    public boolean grant(long permits, Consumer<HandlerStream<T>> disconnected) {
        try {
            outbound.grant(Permits.validate(permits));
            return true;
        } catch (StatusRuntimeException e) {
            disconnected.accept(this);
            outbound.fail(e);
            return false;
        }
    }

    /**
     * Acknowledges a message that carried an instruction id (nothing to do without one): success, or
     * {@code UNSUPPORTED_INSTRUCTION} naming the request the server did not understand.
     */
    public void acknowledge(String instructionId, boolean success, Object request, String location,
                            Function<InstructionAck, T> message) {
        if (instructionId.isEmpty()) {
            return;
        }
        InstructionAck.Builder ack = InstructionAck.newBuilder().setInstructionId(instructionId).setSuccess(success);
        if (!success) {
            ack.setError(AxonErrors.UNSUPPORTED_INSTRUCTION.asErrorMessage("Unsupported instruction " + request,
                                                                           location));
        }
        outbound.send(message.apply(ack.build()));
    }
}
