package io.axoncommerce.query.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A read-through, write-behind cache of read-model documents for one unit of work. On first use in a batch it loads
 * the documents of all the batch's events with one request; changes stay in memory until {@link #flush()} writes
 * them with one bulk request. So a replay costs two round trips per batch instead of two per event.
 *
 * @param <D> the document type (immutable; a change returns a new document)
 */
public abstract class DocumentBuffer<D> implements UnitOfWorkBuffers.Buffer {

    private final Map<String, D> documents = new HashMap<>();
    private final Map<String, RuntimeException> unreadable = new HashMap<>();
    private final Set<String> known = new java.util.HashSet<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private boolean preloaded;

    /**
     * Loads the documents with these ids that exist. A document that exists but cannot be read is left out and
     * reported with {@link #unreadable(String, RuntimeException)}, so that only the events of that document fail.
     */
    protected abstract Map<String, D> load(Collection<String> ids);

    /** Records that the stored document {@code id} cannot be read; {@link #current} then throws for it alone. */
    protected final void unreadable(String id, RuntimeException cause) {
        unreadable.put(id, cause);
    }

    /**
     * Has the next {@link #flush()} write the document {@code id} (as loaded, or as changed meanwhile) even if no event
     * changes it, e.g. to clean up a store left inconsistent by an earlier failed write. Meant for {@link #load}.
     */
    protected final void rewrite(String id) {
        dirty.add(id);
    }

    /** Writes these documents (id to document) as one bulk request. */
    protected abstract void write(Map<String, D> changed);

    /** The id of the document an event changes, or null if it changes none of this buffer's documents. */
    protected abstract String documentIdOf(EventMessage<?> event);

    /**
     * Applies a change to the document {@code id}: {@code change} gets the current document (null if there is none)
     * and returns the new one, or the same instance / null for "no change" (e.g. a duplicate event).
     */
    public void update(String id, UnaryOperator<D> change) {
        D current = current(id);
        D next = change.apply(current);
        if (next != null && next != current) {
            documents.put(id, next);
            dirty.add(id);
        }
    }

    /**
     * The document as this unit of work sees it (including its unflushed changes), or null.
     *
     * @throws IllegalStateException if the stored document cannot be read (the event touching it is dead-lettered)
     */
    public D current(String id) {
        preloadBatch();
        if (!known.contains(id)) {
            Map<String, D> loaded = load(Set.of(id));
            known.add(id);
            D document = loaded.get(id);
            if (document != null) {
                documents.put(id, document);
            }
        }
        RuntimeException cause = unreadable.get(id);
        if (cause != null) {
            throw new IllegalStateException("The stored document " + id + " cannot be read: " + cause.getMessage(),
                    cause);
        }
        return documents.get(id);
    }

    private void preloadBatch() {
        if (preloaded) {
            return;
        }
        preloaded = true;
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch
                && batch.getMessages().size() > 1) {
            Set<String> ids = new LinkedHashSet<>();
            for (var message : batch.getMessages()) {
                if (message instanceof EventMessage<?> event) {
                    String id = documentIdOf(event);
                    if (id != null) {
                        ids.add(id);
                    }
                }
            }
            ids.removeIf(Objects::isNull);
            if (!ids.isEmpty()) {
                documents.putAll(load(ids));
                known.addAll(ids);
            }
        }
    }

    @Override
    public void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        Map<String, D> changed = new LinkedHashMap<>();
        dirty.forEach(id -> changed.put(id, documents.get(id)));
        write(changed);
        dirty.clear();
        afterWrite(changed);
    }

    /** Called after a successful write, e.g. to emit query updates. */
    protected void afterWrite(Map<String, D> written) {
    }
}
