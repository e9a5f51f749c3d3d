package io.axoncommerce.axonserver.eventstore;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending side of a call that reads the store for a client ({@code ListEvents}, {@code QueryEvents}). Sending is
 * bounded twice: by the client's cumulative permits and by gRPC's transport readiness, so a slow client never makes
 * the server buffer the store in memory. One drain runs at a time, on the stream executor (reads block on storage);
 * permits, transport readiness and new commits each schedule one. Subclasses say what the client asked for and what
 * the next message is.
 *
 * @param <R> what the client sends (its request, then more permits)
 * @param <T> what the server sends
 */
abstract class FlowControlledReader<R, T> implements StreamObserver<R> {

    private static final Logger logger = LoggerFactory.getLogger(FlowControlledReader.class);

    private final Executor executor;
    private final ServerCallStreamObserver<T> observer;
    private final AtomicLong permits = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean started;
    private volatile boolean closed;
    private AutoCloseable commitListener;

    FlowControlledReader(Executor executor, ServerCallStreamObserver<T> observer) {
        this.executor = executor;
        this.observer = observer;
        observer.setOnCancelHandler(this::close);
        observer.setOnReadyHandler(this::schedule);
    }

    /**
     * The next message the client may get, read from the store; {@code null} when there is none now (caught up: a
     * commit schedules the next drain) or any more (the subclass has finished or failed the call).
     */
    protected abstract T next();

    /** From now on drains run; {@code commitListener} (may be null) is closed when the call ends. */
    protected final synchronized void start(AutoCloseable commitListener) {
        this.commitListener = commitListener;
        started = true;
        if (closed) {
            close(); // cancelled while the listener was registered
        }
    }

    protected final boolean isStarted() {
        return started;
    }

    protected final boolean isClosed() {
        return closed;
    }

    /** Adds the client's permits (saturating) and drains what they allow. */
    protected final void grant(long granted) {
        permits.accumulateAndGet(granted, (a, b) -> b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b);
        schedule();
    }

    /** Sends outside the permits (a header). */
    protected final void sendNow(T message) {
        synchronized (observer) {
            if (!closed) {
                observer.onNext(message);
            }
        }
    }

    protected final void schedule() {
        if (started && !closed && pending.getAndIncrement() == 0) {
            executor.execute(this::drainLoop);
        }
    }

    private void drainLoop() {
        int missed = 1;
        do {
            try {
                drain();
            } catch (RuntimeException e) {
                logger.warn("Reading the store for a client failed", e);
                fail(EventStoreService.toStatus(e));
                return;
            }
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drain() {
        while (!closed && permits.get() > 0 && observer.isReady()) {
            T message = next();
            if (message == null) {
                return;
            }
            synchronized (observer) {
                if (closed) {
                    return;
                }
                observer.onNext(message);
            }
            permits.decrementAndGet();
        }
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    /** The client half-closed: the call ends. */
    @Override
    public void onCompleted() {
        finish();
    }

    /** Ends the call normally. */
    protected final void finish() {
        if (closed) {
            return;
        }
        close();
        synchronized (observer) {
            try {
                observer.onCompleted();
            } catch (RuntimeException e) {
                logger.debug("Stream already closed", e);
            }
        }
    }

    protected final void fail(StatusRuntimeException error) {
        if (closed) {
            return;
        }
        close();
        synchronized (observer) {
            try {
                observer.onError(error);
            } catch (RuntimeException e) {
                logger.debug("Stream already closed", e);
            }
        }
    }

    private synchronized void close() {
        closed = true;
        AutoCloseable listener = commitListener;
        commitListener = null;
        if (listener != null) {
            try {
                listener.close();
            } catch (Exception e) {
                logger.debug("Could not unregister commit listener", e);
            }
        }
    }
}
