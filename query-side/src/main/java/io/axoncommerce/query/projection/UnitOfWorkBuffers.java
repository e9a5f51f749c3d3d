package io.axoncommerce.query.projection;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The write-behind buffers of one unit of work. A streaming processor handles a batch of events in one unit of work;
 * projections change documents in these buffers, and {@link BatchFlushInterceptor} writes them all after the batch's
 * last event, as one bulk request per store, before the unit of work commits (and so before the processor stores
 * its token). Outside a batching processor (one event per unit of work) the buffers are flushed when the unit of
 * work prepares to commit.
 */
public final class UnitOfWorkBuffers {

    private static final String RESOURCE = UnitOfWorkBuffers.class.getName();

    private final Map<Object, Buffer> buffers = new LinkedHashMap<>();

    private UnitOfWorkBuffers() {
    }

    /** The buffer under {@code key} in the current unit of work, created by {@code factory} on first use. */
    @SuppressWarnings("unchecked")
    public static <B extends Buffer> B current(Object key, Supplier<B> factory) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        UnitOfWorkBuffers all = unitOfWork.getOrComputeResource(RESOURCE, k -> {
            UnitOfWorkBuffers created = new UnitOfWorkBuffers();
            unitOfWork.onPrepareCommit(u -> created.flush());
            return created;
        });
        return (B) all.buffers.computeIfAbsent(key, k -> factory.get());
    }

    /** Writes the current unit of work's buffers, if any. */
    static void flushCurrent() {
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWorkBuffers all = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (all != null) {
                all.flush();
            }
        }
    }

    private void flush() {
        buffers.values().forEach(Buffer::flush);
    }

    /** A buffer of changes; {@link #flush()} writes what changed since the last flush (nothing twice). */
    public interface Buffer {
        void flush();
    }
}
