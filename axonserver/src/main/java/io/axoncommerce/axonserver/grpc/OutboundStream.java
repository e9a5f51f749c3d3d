package io.axoncommerce.axonserver.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The sending half of a bidirectional stream. gRPC observers must not be called concurrently, and several threads
 * (dispatchers, the inbound reader, timers) write to the same handler stream, so every write goes through here.
 * Messages sent with {@link #sendWithPermit} are gated by the cumulative permits the client grants; acknowledgements
 * and other control messages bypass the permits.
 */
public final class OutboundStream<T> {

    private static final Logger logger = LoggerFactory.getLogger(OutboundStream.class);

    private final ServerCallStreamObserver<T> observer;
    private final Deque<T> waiting = new ArrayDeque<>();
    private long permits;
    private boolean closed;

    @SuppressWarnings("unchecked")
    public OutboundStream(StreamObserver<T> observer) {
        this.observer = (ServerCallStreamObserver<T>) observer;
    }

    /** Must be called before the call handler returns: gRPC throws on writes after cancel unless a handler is set. */
    public void onCancel(Runnable handler) {
        observer.setOnCancelHandler(() -> {
            synchronized (this) {
                closed = true;
                waiting.clear();
            }
            handler.run();
        });
    }

    /** Sends at once, outside flow control (acknowledgements, control instructions). */
    public synchronized void send(T message) {
        if (closed) {
            return;
        }
        try {
            observer.onNext(message);
        } catch (RuntimeException e) {
            logger.debug("Could not write to a closed stream: {}", e.getMessage());
            closed = true;
        }
    }

    /** Sends when a permit is available, else queues until the client grants more. */
    public synchronized void sendWithPermit(T message) {
        if (closed) {
            return;
        }
        if (permits > 0 && waiting.isEmpty()) {
            permits--;
            send(message);
        } else {
            waiting.add(message);
        }
    }

    /** Adds permits (saturating) and sends what was waiting for them. */
    public synchronized void grant(long newPermits) {
        permits = newPermits > Long.MAX_VALUE - permits ? Long.MAX_VALUE : permits + newPermits;
        while (permits > 0 && !waiting.isEmpty() && !closed) {
            permits--;
            send(waiting.poll());
        }
    }

    public synchronized long permits() {
        return permits;
    }

    public synchronized int waitingCount() {
        return waiting.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized void complete() {
        if (!closed) {
            closed = true;
            waiting.clear();
            try {
                observer.onCompleted();
            } catch (RuntimeException e) {
                logger.debug("Stream already closed: {}", e.getMessage());
            }
        }
    }

    public synchronized void fail(Throwable error) {
        if (!closed) {
            closed = true;
            waiting.clear();
            try {
                observer.onError(error);
            } catch (RuntimeException e) {
                logger.debug("Stream already closed: {}", e.getMessage());
            }
        }
    }

    public void fail(Status status) {
        fail(status.asRuntimeException());
    }
}
