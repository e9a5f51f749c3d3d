package io.axoncommerce.command.config;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An aggregate cache for one aggregate type that hands out a cached aggregate only while it is the latest version in
 * the event store: one cheap question to the store ({@link EventStore#lastSequenceNumberFor}, Axon Server's
 * {@code ReadHighestSequenceNr}) instead of sourcing the aggregate (snapshot and events) under its lock.
 * <p>
 * Why not a plain cache: Axon Server routes an aggregate's commands to one instance, but while instances come and go
 * another instance may change the aggregate. A stale copy that leads to an append is caught by the store's sequence
 * check, but a stale copy can also lead to a decision that appends nothing, which nothing would catch: a release of
 * a reservation the stale Inventory does not know yet is a silent no-op and the units stay reserved; an Order that
 * looks PLACED refuses a confirmation of an order that is STOCK_RESERVED. With this check a command decides on the
 * same state it would have sourced. An aggregate changed between the check and the append is still caught by the
 * store (the check runs under the aggregate's lock, so only another instance can change it in between).
 * <p>
 * Axon's {@code CachingEventSourcingRepository} calls {@link #get} under the aggregate's lock and drops the entry
 * itself when a unit of work that used it rolls back (a conflicting append among others). The entries live in a
 * {@link WeakReferenceCache}: it holds nothing the garbage collector wants, and what it loses is sourced again.
 */
final class VerifiedAggregateCache implements Cache {

    private final Cache delegate = new WeakReferenceCache();
    private final EventStore eventStore;

    VerifiedAggregateCache(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K, V> V get(K key) {
        V value = delegate.get(key);
        if (value instanceof AggregateCacheEntry entry) {
            // an entry of an in-memory cache answers its live aggregate (the model is only for serialized entries)
            Long cached = entry.recreateAggregate(null, eventStore, NoSnapshotTriggerDefinition.INSTANCE).version();
            Long stored = eventStore.lastSequenceNumberFor(key.toString()).orElse(null);
            if (!Objects.equals(cached, stored)) {
                delegate.remove(key);
                return null;
            }
        }
        return value;
    }

    /**
     * An aggregate a CREATE_IF_MISSING command created without applying an event (a release for a product that never
     * had stock) has no identifier and nothing in the store: there is nothing to cache, and Axon's caches refuse a
     * {@code null} key.
     */
    @Override
    public void put(Object key, Object value) {
        if (key != null) {
            delegate.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return delegate.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
        return key != null && delegate.remove(key);
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return delegate.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return delegate.registerCacheEntryListener(cacheEntryListener);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        delegate.computeIfPresent(key, update);
    }
}
